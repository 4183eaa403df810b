package nodefacts

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
)

// File roles: what a file is for, so checks select files by role rather
// than by path. A file may carry several roles.
const (
	RoleAPIServerManifest           = "apiserver-manifest"
	RoleControllerManagerManifest   = "controller-manager-manifest"
	RoleSchedulerManifest           = "scheduler-manifest"
	RoleEtcdManifest                = "etcd-manifest"
	RoleStaticPodManifest           = "static-pod-manifest"
	RoleStaticPodDir                = "static-pod-dir"
	RoleCNIConfigDir                = "cni-config-dir"
	RoleCNIConfig                   = "cni-config"
	RoleEtcdDataDir                 = "etcd-data-dir"
	RoleAdminKubeconfig             = "admin-kubeconfig"
	RoleSuperAdminKubeconfig        = "super-admin-kubeconfig"
	RoleSchedulerKubeconfig         = "scheduler-kubeconfig"
	RoleControllerManagerKubeconfig = "controller-manager-kubeconfig"
	RolePKIDir                      = "pki-dir"
	RolePKICert                     = "pki-cert"
	RolePKIKey                      = "pki-key"
	RolePKIPublicKey                = "pki-public-key"
	RolePKIFile                     = "pki-file"
	RoleKubeletService              = "kubelet-service"
	RoleKubeletServiceDropIn        = "kubelet-service-dropin"
	RoleKubeletEnvFile              = "kubelet-env-file"
	RoleKubeletConfig               = "kubelet-config"
	RoleKubeletConfigDir            = "kubelet-config-dir"
	RoleKubeletConfigDropIn         = "kubelet-config-dropin"
	RoleKubeletKubeconfig           = "kubelet-kubeconfig"
	RoleKubeletBootstrapKubeconfig  = "kubelet-bootstrap-kubeconfig"
	RoleKubeletClientCA             = "kubelet-client-ca"
	RoleKubeletTLSCert              = "kubelet-tls-cert"
	RoleKubeletTLSKey               = "kubelet-tls-key"
	RoleKubeletCertDir              = "kubelet-cert-dir"
	RoleKubeProxyConfig             = "kube-proxy-config"
	RoleKubeProxyKubeconfig         = "kube-proxy-kubeconfig"
	RoleKubeProxyManifest           = "kube-proxy-manifest"
	RoleRancherConfig               = "rancher-config"
	RoleAzureJSON                   = "azure-json"
)

// manifestRoles maps a component to the role of its static pod manifest.
var manifestRoles = map[string]string{
	KubeAPIServer:         RoleAPIServerManifest,
	KubeControllerManager: RoleControllerManagerManifest,
	KubeScheduler:         RoleSchedulerManifest,
	Etcd:                  RoleEtcdManifest,
	KubeProxy:             RoleKubeProxyManifest,
}

// flagFileRoles maps a component's flags that name files to the roles of
// those files.
var flagFileRoles = map[string]map[string]string{
	KubeAPIServer: {
		"tls-cert-file": "apiserver-tls-cert", "tls-private-key-file": "apiserver-tls-key",
		"client-ca-file": "apiserver-client-ca", "etcd-cafile": "apiserver-etcd-ca",
		"etcd-certfile": "apiserver-etcd-cert", "etcd-keyfile": "apiserver-etcd-key",
		"kubelet-client-certificate": "apiserver-kubelet-client-cert", "kubelet-client-key": "apiserver-kubelet-client-key",
		"kubelet-certificate-authority": "apiserver-kubelet-ca",
		"service-account-key-file":      "apiserver-service-account-key", "service-account-signing-key-file": "apiserver-service-account-signing-key",
		"encryption-provider-config": "apiserver-encryption-config", "audit-policy-file": "apiserver-audit-policy",
		"audit-log-path": "apiserver-audit-log", "token-auth-file": "apiserver-token-auth-file",
		"admission-control-config-file": "apiserver-admission-config", "authentication-config": "apiserver-authentication-config",
		"authorization-config": "apiserver-authorization-config", "requestheader-client-ca-file": "apiserver-requestheader-client-ca",
		"proxy-client-cert-file": "apiserver-proxy-client-cert", "proxy-client-key-file": "apiserver-proxy-client-key",
		"egress-selector-config-file": "apiserver-egress-selector-config",
	},
	KubeControllerManager: {
		"kubeconfig": RoleControllerManagerKubeconfig, "authentication-kubeconfig": "controller-manager-auth-kubeconfig",
		"authorization-kubeconfig": "controller-manager-auth-kubeconfig", "service-account-private-key-file": "controller-manager-service-account-key",
		"root-ca-file": "controller-manager-root-ca", "cluster-signing-cert-file": "controller-manager-cluster-signing-cert",
		"cluster-signing-key-file": "controller-manager-cluster-signing-key", "tls-cert-file": "controller-manager-tls-cert",
		"tls-private-key-file": "controller-manager-tls-key", "client-ca-file": "controller-manager-client-ca",
		"requestheader-client-ca-file": "controller-manager-requestheader-client-ca",
	},
	KubeScheduler: {
		"kubeconfig": RoleSchedulerKubeconfig, "authentication-kubeconfig": "scheduler-auth-kubeconfig",
		"authorization-kubeconfig": "scheduler-auth-kubeconfig", "config": "scheduler-config",
		"tls-cert-file": "scheduler-tls-cert", "tls-private-key-file": "scheduler-tls-key",
		"client-ca-file": "scheduler-client-ca", "requestheader-client-ca-file": "scheduler-requestheader-client-ca",
	},
	Etcd: {
		"data-dir": RoleEtcdDataDir, "wal-dir": "etcd-wal-dir", "config-file": "etcd-config",
		"cert-file": "etcd-cert", "key-file": "etcd-key", "trusted-ca-file": "etcd-ca",
		"peer-cert-file": "etcd-peer-cert", "peer-key-file": "etcd-peer-key", "peer-trusted-ca-file": "etcd-peer-ca",
	},
	Kubelet: {
		"kubeconfig": RoleKubeletKubeconfig, "bootstrap-kubeconfig": RoleKubeletBootstrapKubeconfig,
		"config": RoleKubeletConfig, "config-dir": RoleKubeletConfigDir, "cert-dir": RoleKubeletCertDir,
	},
	KubeProxy: {"config": RoleKubeProxyConfig},
	K3s:       {"config": RoleRancherConfig},
	RKE2:      {"config": RoleRancherConfig},
}

// fileRequest accumulates why a path is looked at.
type fileRequest struct {
	roles map[string]bool
	by    map[string]bool
	// incomplete holds why a walked tree's listing is partial (on the
	// tree's top directory only).
	incomplete map[string]bool
}

// addFile registers a host path with the reason it was found and its roles.
func (c *collector) addFile(p, by string, roles ...string) {
	if strings.TrimSpace(p) == "" || p == "-" {
		return
	}
	p = cleanHostPath(p)
	r := c.files[p]
	if r == nil {
		r = &fileRequest{roles: map[string]bool{}, by: map[string]bool{}}
		c.files[p] = r
	}
	for _, role := range roles {
		if role != "" {
			r.roles[role] = true
		}
	}
	if by != "" {
		r.by[by] = true
	}
}

// hasRole reports whether a file with the role has been registered.
func (c *collector) hasRole(role string) bool {
	for _, r := range c.files {
		if r.roles[role] {
			return true
		}
	}
	return false
}

// addTree registers a directory and everything under it; roleOf gives the
// roles of each file found. When the walk stops early or a directory
// cannot be read, the tree's top directory record says so in Incomplete.
func (c *collector) addTree(dir, by, dirRole string, roleOf func(p string) []string) {
	files, dirs, errs, incomplete := c.fs.walkFiles(dir, true)
	c.facts.Errors = append(c.facts.Errors, errs...)
	c.addFile(dir, by, dirRole)
	if r := c.files[cleanHostPath(dir)]; r != nil && len(incomplete) > 0 {
		if r.incomplete == nil {
			r.incomplete = map[string]bool{}
		}
		for _, why := range incomplete {
			r.incomplete[why] = true
		}
	}
	for _, d := range dirs {
		c.addFile(d, by, dirRole)
	}
	for _, f := range files {
		c.addFile(f, by, roleOf(f)...)
	}
}

// pkiRoles classifies a file under a PKI directory by its name.
func pkiRoles(p string) []string {
	name := strings.ToLower(path.Base(p))
	switch {
	case strings.HasSuffix(name, ".key"), strings.HasSuffix(name, "-key.pem"), strings.HasSuffix(name, "_key.pem"):
		return []string{RolePKIKey}
	case strings.HasSuffix(name, ".pub"):
		return []string{RolePKIPublicKey}
	case strings.HasSuffix(name, ".crt"), strings.HasSuffix(name, ".cert"), strings.HasSuffix(name, ".pem"):
		return []string{RolePKICert}
	}
	return []string{RolePKIFile}
}

// statFiles stats every registered path.
func (c *collector) statFiles() []File {
	out := make([]File, 0, len(c.files))
	for _, p := range sortedKeys(c.files) {
		r := c.files[p]
		f := c.statFile(p)
		f.Roles = sortedKeys(r.roles)
		f.DiscoveredBy = sortedKeys(r.by)
		if len(r.incomplete) > 0 {
			f.Incomplete = strings.Join(sortedKeys(r.incomplete), "; ")
		}
		if f.Error != "" {
			c.addErrorMsg(p, f.Error)
		}
		out = append(out, f)
	}
	return out
}

// containerRoot returns "/proc/<pid>/root" when p lies under it.
func containerRoot(p string) string {
	parts := strings.SplitN(p, "/", 5) // "", "proc", pid, "root", rest
	if len(parts) >= 4 && parts[1] == "proc" && parts[3] == "root" {
		return "/proc/" + parts[2] + "/root"
	}
	return ""
}

// statFile Lstats a path; a symlink is followed one level (its target is
// described, LinkTarget set); a link to a link is not followed further.
func (c *collector) statFile(p string) File {
	f := File{Path: p}
	rp, err := c.fs.resolveParent(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return f
		}
		f.Exists = false
		f.Error = errMessage(err)
		return f
	}
	fi, err := os.Lstat(c.fs.osPath(rp))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			f.Error = errMessage(err)
		}
		return f
	}
	f.Exists = true
	if fi.Mode()&fs.ModeSymlink == 0 {
		c.fillStat(&f, fi)
		return f
	}
	target, err := os.Readlink(c.fs.osPath(rp))
	if err != nil {
		c.fillStat(&f, fi)
		f.Error = errMessage(err)
		return f
	}
	var tp string
	switch {
	case strings.HasPrefix(target, "/") && containerRoot(rp) != "":
		tp = cleanHostPath(containerRoot(rp) + target)
	case strings.HasPrefix(target, "/"):
		tp = cleanHostPath(target)
	default:
		tp = cleanHostPath(path.Join(path.Dir(rp), target))
	}
	f.LinkTarget = tp
	if tp == rp {
		c.fillStat(&f, fi)
		f.Error = "symlink points to itself"
		return f
	}
	rtp, err := c.fs.resolveParent(tp)
	var tfi os.FileInfo
	if err == nil {
		tfi, err = os.Lstat(c.fs.osPath(rtp))
	}
	switch {
	case err != nil:
		c.fillStat(&f, fi)
		f.Error = "symlink target: " + errMessage(err)
	case tfi.Mode()&fs.ModeSymlink != 0:
		c.fillStat(&f, fi)
		f.Error = "symlink to a symlink, not followed further"
		if next, err := os.Readlink(c.fs.osPath(rtp)); err == nil &&
			(next == rp || cleanHostPath(path.Join(path.Dir(rtp), next)) == rp) {
			f.Error = "symlink loop"
		}
	default:
		c.fillStat(&f, tfi)
	}
	return f
}

// fillStat records type, mode and ownership.
func (c *collector) fillStat(f *File, fi os.FileInfo) {
	m := fi.Mode()
	switch {
	case m.IsRegular():
		f.Type = "file"
	case m.IsDir():
		f.Type = "dir"
	case m&fs.ModeSymlink != 0:
		f.Type = "symlink"
	default:
		f.Type = "other"
	}
	bits := uint32(m.Perm())
	if m&fs.ModeSetuid != 0 {
		bits |= 0o4000
	}
	if m&fs.ModeSetgid != 0 {
		bits |= 0o2000
	}
	if m&fs.ModeSticky != 0 {
		bits |= 0o1000
	}
	f.Mode = fmt.Sprintf("%04o", bits)
	f.ModeBits = &bits
	size := fi.Size()
	f.Size = &size
	if uid, gid, ok := ownerOf(fi); ok {
		f.UID, f.GID = &uid, &gid
		f.Owner = c.users[uid]
		f.Group = c.groups[gid]
	}
}

// systemdUnits registers the service units running the kubelet (or the
// k3s/rke2 supervisor embedding it) and their drop-ins.
func (c *collector) systemdUnits(units []string) {
	for _, dir := range systemdDirs {
		for _, unit := range units {
			p := path.Join(dir, unit)
			if c.fs.exists(p) {
				c.addFile(p, "profile:"+c.profile.Name+" systemd unit", RoleKubeletService)
			}
			for _, extra := range []string{p + ".env"} {
				if c.fs.exists(extra) {
					c.addFile(extra, "profile:"+c.profile.Name+" systemd unit", RoleKubeletService)
				}
			}
			entries, err := c.fs.readDir(p + ".d")
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				c.addError(p+".d", err)
			}
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".conf") {
					c.addFile(path.Join(p+".d", e.Name()), "profile:"+c.profile.Name+" systemd drop-in",
						RoleKubeletService, RoleKubeletServiceDropIn)
				}
			}
		}
	}
}
