# Sourced by the install scripts: apt_install WHO PACKAGE... installs Debian
# packages with apt-get (as root, or through sudo), running apt-get update
# once if the first attempt fails (a fresh machine may have no package
# lists). WHO names the caller in messages. Exits on failure.
apt_install() {
	local who="$1"
	shift
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "${who}: $* missing and apt-get is not available; install them yourself" >&2
		exit 1
	fi
	local sudo=()
	if [[ "$(id -u)" -ne 0 ]]; then
		if command -v sudo >/dev/null 2>&1; then
			sudo=(sudo)
		else
			echo "${who}: need root (or sudo) to apt-get install $*" >&2
			exit 1
		fi
	fi
	echo "${who}: installing $* with apt-get..." >&2
	export DEBIAN_FRONTEND=noninteractive
	if ! "${sudo[@]}" apt-get install -y --no-install-recommends "$@" >&2; then
		"${sudo[@]}" apt-get update >&2
		"${sudo[@]}" apt-get install -y --no-install-recommends "$@" >&2
	fi
}
