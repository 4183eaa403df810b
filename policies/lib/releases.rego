# METADATA
# title: Kubernetes releases, as of a date
# description: |
#   The data the checks of outdated components judge by, kept in the repository
#   (nothing is fetched when a scan runs). as_of is the day it was gathered;
#   minors lists each minor release with the day its .0 was tagged, from the
#   tags of the k8s.io/kubernetes module as the Go module proxy served them on
#   that day. Upstream Kubernetes patches the three newest minor releases
#   (https://kubernetes.io/releases/version-skew-policy/#supported-versions);
#   supported is those three. A check that uses this data says its date, and
#   warns once the data is older than six months: update kubeassay.
package kubeassay.lib.releases

as_of := "2026-12-01"

minors := {
	"1.29": "2023-12-13",
	"1.30": "2024-04-17",
	"1.31": "2024-08-13",
	"1.32": "2024-12-11",
	"1.33": "2025-04-23",
	"1.34": "2025-08-27",
	"1.35": "2025-12-17",
	"1.36": "2026-04-22",
	"1.37": "2026-08-26",
}

# minor_number("1.34") is 34.
minor_number(m) := to_number(split(m, ".")[1])

newest := max({minor_number(m) | some m, _ in minors})

# oldest_supported is the oldest of the three newest minors.
oldest_supported := newest - 2

supported := sort([sprintf("1.%d", [n]) | some n in numbers.range(oldest_supported, newest)])

# minor_of(version) is the minor number of a version as Kubernetes reports it
# (v1.34.2, v1.34.2-eks-4b5b5e8, v1.35.1+k3s1); undefined when it is not one.
minor_of(version) := to_number(m[2]) if {
	is_string(version)
	m := regex.find_all_string_submatch_n(`^v?(1)\.(\d+)(\.\d+)?([-+].*)?$`, version, 1)[0]
}

# age_days is how old the data is, in days, at the time of the scan.
age_days := (time.now_ns() - time.parse_ns("2006-01-02", as_of)) / ((24 * 60) * 60e9)

# stale holds once the data is older than six months.
stale if age_days > 183
