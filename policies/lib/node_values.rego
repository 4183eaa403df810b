# Reading a flag's or a setting's value: booleans as Go parses them,
# decimal integers, loopback addresses, the host of host:port.
package kubeassay.lib.node

# Boolean flags are parsed as Go's strconv.ParseBool does.
true_strings := {"1", "t", "true"}

false_strings := {"0", "f", "false"}

is_true(v) if lower(sprintf("%v", [v])) in true_strings

is_false(v) if lower(sprintf("%v", [v])) in false_strings

# int_value is a decimal integer string as a number; undefined otherwise.
int_value(s) := to_number(t) if {
	is_string(s)
	t := trim_space(s)
	regex.match(`^-?[0-9]+$`, t)
}

int_value(n) := n if is_number(n)

at_least(v, least) if int_value(v) >= least

# loopback is true for an address on the loopback interface: 127.0.0.0/8,
# ::1 or localhost.
loopback(addr) if {
	is_string(addr)
	regex.match(`^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$`, addr)
}

loopback(addr) if {
	is_string(addr)
	lower(addr) in {"::1", "localhost", "0:0:0:0:0:0:0:1"}
}

# host_of is the host part of "host:port", "[v6]:port", a bare host or a bare
# IPv6 address.
host_of(addr) := h if {
	startswith(addr, "[")
	contains(addr, "]")
	h := substring(addr, 1, indexof(addr, "]") - 1)
} else := h if {
	count(split(addr, ":")) == 2
	h := split(addr, ":")[0]
} else := addr
