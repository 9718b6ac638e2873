package org.kamaelia.http.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The peers whose forwarding fields ({@code Forwarded}, {@code X-Forwarded-*}) a server believes: a list of address
 * ranges in CIDR notation. Fields from any other peer are ignored. The defaults are the loopback, link-local and
 * private ranges, the same family of addresses Tomcat's {@code internalProxies} trusts.
 */
public final class TrustedProxies {
    /** The ranges {@link #defaults()} trusts. */
    public static final List<String> DEFAULT_RANGES = List.of(
            "127.0.0.0/8",
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "169.254.0.0/16",
            "100.64.0.0/10",
            "::1/128",
            "fc00::/7",
            "fe80::/10");

    private final List<Range> ranges;
    private final List<String> written;

    private TrustedProxies(List<String> cidrs) {
        List<Range> parsed = new ArrayList<>(cidrs.size());
        for (String each : cidrs) {
            parsed.add(Range.parse(each));
        }
        this.ranges = List.copyOf(parsed);
        this.written = List.copyOf(cidrs);
    }

    /** Trusts the loopback, link-local and private ranges of {@link #DEFAULT_RANGES}. */
    public static TrustedProxies defaults() {
        return new TrustedProxies(DEFAULT_RANGES);
    }

    /**
     * Trusts the ranges {@code cidrs}, each an address with an optional prefix length ({@code 10.0.0.0/8},
     * {@code 2001:db8::/32}, {@code 192.0.2.7}).
     *
     * @throws IllegalArgumentException if one is not a literal address with a prefix length in range
     */
    public static TrustedProxies of(List<String> cidrs) {
        return new TrustedProxies(Objects.requireNonNull(cidrs, "cidrs"));
    }

    /**
     * Whether {@code peer} is in one of the trusted ranges. An IPv4-mapped IPv6 address is judged as the IPv4
     * address it carries; an unresolved address (one with no IP address) is never trusted.
     */
    public boolean trusts(InetAddress peer) {
        if (peer == null) {
            return false;
        }
        return trustsBytes(peer.getAddress());
    }

    /** Whether the address {@code peer} (its IP address; an unresolved one is never trusted) is trusted. */
    public boolean trusts(InetSocketAddress peer) {
        return peer != null && trusts(peer.getAddress());
    }

    boolean trustsBytes(byte[] address) {
        byte[] judged = AddressLiterals.unmapped(address);
        for (Range range : ranges) {
            if (range.contains(judged)) {
                return true;
            }
        }
        return false;
    }

    /** The ranges, as they were given. */
    public List<String> ranges() {
        return written;
    }

    @Override
    public String toString() {
        return "TrustedProxies" + written;
    }

    /** One CIDR range: a network address and how many of its leading bits must match. */
    private record Range(byte[] network, int prefixBits) {
        static Range parse(String cidr) {
            if (cidr == null) {
                throw new IllegalArgumentException("a range is null");
            }
            String text = cidr.strip();
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            // Parsed here, not by InetAddress: it reads "10/8" as 0.0.0.10 and would look up a name.
            byte[] network = host.indexOf(':') >= 0 ? AddressLiterals.ipv6(host, true) : AddressLiterals.ipv4(host);
            if (network == null) {
                throw new IllegalArgumentException("not an address literal: " + cidr);
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                String prefix = text.substring(slash + 1);
                if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new IllegalArgumentException("not a prefix length: " + cidr);
                }
                bits = Integer.parseInt(prefix);
                if (bits > network.length * 8) {
                    throw new IllegalArgumentException("prefix length out of range: " + cidr);
                }
            }
            byte[] unmapped = AddressLiterals.unmapped(network);
            if (unmapped != network && bits >= 96) {
                // Peers arrive as IPv4 addresses when they are IPv4-mapped, so an IPv4-mapped range is kept as one.
                return new Range(unmapped, bits - 96);
            }
            return new Range(network, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false; // an IPv4 peer never matches an IPv6 range, nor the other way round
            }
            int whole = prefixBits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
