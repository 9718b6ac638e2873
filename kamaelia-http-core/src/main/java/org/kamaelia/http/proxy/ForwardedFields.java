package org.kamaelia.http.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kamaelia.http.message.HttpHeaders;

/**
 * Reads the forwarding fields a proxy adds to a request, pure and without I/O: RFC 7239's {@code Forwarded}, and
 * the de-facto {@code X-Forwarded-For}, {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code
 * X-Forwarded-Port}. It names the client as the right-most hop that is not itself a trusted proxy, walking the list
 * from the right and skipping trusted hops (what Tomcat's {@code RemoteIpValve} does); if every hop is trusted, the
 * left-most is the client.
 *
 * <pre>{@code
 * Optional<ForwardedClient> client = ForwardedFields.read(head.headers(), trusted);
 * }</pre>
 *
 * <h2>Which fields</h2>
 * A well-formed {@code Forwarded} wins: with one, the {@code X-Forwarded-*} fields are not read. The scheme and host
 * are those of the chosen hop's element ({@code proto=}, {@code host=}). Without {@code Forwarded}, the client comes
 * from {@code X-Forwarded-For}; {@code X-Forwarded-Proto}, {@code -Host} and {@code -Port} apply when they hold one
 * value, or one value per {@code X-Forwarded-For} hop (then the chosen hop's).
 *
 * <h2>What is ignored</h2>
 * A field whose value breaks its grammar (an unterminated quoted string, a parameter twice in one element, an IPv6
 * address without brackets in {@code Forwarded}, a port above 65535, a host with forbidden characters) is ignored
 * as a whole, as if it were absent: the request is not failed for it. A scheme other than {@code http} or {@code
 * https} is ignored. {@code by=} and extension parameters are read for syntax only.
 *
 * <p>Stateless and thread-safe.
 */
public final class ForwardedFields {
    /** The RFC 7239 field. */
    public static final String FORWARDED = "Forwarded";

    /** The de-facto field naming the client and each proxy before the last, comma-separated. */
    public static final String X_FORWARDED_FOR = "X-Forwarded-For";

    /** The de-facto field naming the scheme the client used. */
    public static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";

    /** The de-facto field naming the host the client asked for. */
    public static final String X_FORWARDED_HOST = "X-Forwarded-Host";

    /** The de-facto field naming the port the client connected to. */
    public static final String X_FORWARDED_PORT = "X-Forwarded-Port";

    private ForwardedFields() {}

    /**
     * What the forwarding fields of {@code headers} say about the client, walking past the hops {@code trusted}
     * trusts; empty when there are none, or none well-formed. The caller checks that the connection's peer is
     * trusted before believing any of it.
     */
    public static Optional<ForwardedClient> read(HttpHeaders headers, TrustedProxies trusted) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(trusted, "trusted");
        if (headers.contains(FORWARDED)) {
            Optional<List<Hop>> hops = parseForwarded(headers.all(FORWARDED));
            if (hops.isPresent() && !hops.get().isEmpty()) {
                List<Hop> list = hops.get();
                Hop chosen = list.get(clientIndex(list, trusted));
                ForwardedClient client = new ForwardedClient(
                        chosen.node().socketAddress(),
                        usableScheme(chosen.proto()),
                        chosen.host(),
                        HostPort.of(chosen.host()));
                return Optional.of(client);
            }
        }
        return readXForwarded(headers, trusted);
    }

    private static Optional<ForwardedClient> readXForwarded(HttpHeaders headers, TrustedProxies trusted) {
        List<Hop> hops = List.of();
        if (headers.contains(X_FORWARDED_FOR)) {
            hops = parseForwardedFor(headers.all(X_FORWARDED_FOR)).orElse(List.of());
        }
        int index = hops.isEmpty() ? 0 : clientIndex(hops, trusted);
        InetSocketAddress address =
                hops.isEmpty() ? null : hops.get(index).node().socketAddress();
        String proto = pick(headers, X_FORWARDED_PROTO, hops.size(), index);
        String scheme = proto != null && isScheme(proto) ? usableScheme(proto) : null;
        String host = pick(headers, X_FORWARDED_HOST, hops.size(), index);
        if (host != null && !HostPort.isValid(host)) {
            host = null;
        }
        String portText = pick(headers, X_FORWARDED_PORT, hops.size(), index);
        int port = portText == null ? -1 : decimalPort(portText);
        if (port < 0) {
            port = HostPort.of(host);
        }
        ForwardedClient client = new ForwardedClient(address, scheme, host, port);
        return client.isEmpty() ? Optional.empty() : Optional.of(client);
    }

    /** The value of a list field that applies to hop {@code index} of {@code hops}: its only value, or its index-th. */
    private static String pick(HttpHeaders headers, String name, int hops, int index) {
        if (!headers.contains(name)) {
            return null;
        }
        List<String> values = commaList(headers.all(name));
        if (values.size() == 1) {
            return values.get(0);
        }
        return values.size() == hops && hops > 0 ? values.get(index) : null;
    }

    /** Walks from the right past the trusted hops; the index of the first untrusted one, or 0. */
    static int clientIndex(List<Hop> hops, TrustedProxies trusted) {
        int index = hops.size() - 1;
        while (index > 0 && hops.get(index).node().isTrustedBy(trusted)) {
            index--;
        }
        return index;
    }

    // ----- Forwarded (RFC 7239) ----------------------------------------------------------------------------

    /**
     * The elements of the {@code Forwarded} field lines {@code values}, left to right (RFC 7239 section 4); empty
     * if any breaks the grammar. An element without {@code for=} has an {@code unknown} node.
     */
    static Optional<List<Hop>> parseForwarded(List<String> values) {
        List<Hop> hops = new ArrayList<>();
        for (String value : values) {
            if (!new ForwardedReader(value).readInto(hops)) {
                return Optional.empty();
            }
        }
        return Optional.of(hops);
    }

    /** A cursor over one {@code Forwarded} field line. */
    private static final class ForwardedReader {
        private final String text;
        private int at;

        ForwardedReader(String text) {
            this.text = text;
        }

        boolean readInto(List<Hop> hops) {
            Map<String, String> pairs = new HashMap<>();
            while (true) {
                skipWhitespace();
                if (at == text.length() || text.charAt(at) == ',') {
                    if (!pairs.isEmpty()) {
                        Hop hop = hopOf(pairs);
                        if (hop == null) {
                            return false;
                        }
                        hops.add(hop);
                        pairs = new HashMap<>();
                    }
                    if (at == text.length()) {
                        return true;
                    }
                    at++;
                    continue;
                }
                if (text.charAt(at) == ';') {
                    at++;
                    continue;
                }
                String name = token();
                if (name == null || at >= text.length() || text.charAt(at) != '=') {
                    return false;
                }
                at++;
                String value = at < text.length() && text.charAt(at) == '"' ? quoted() : token();
                if (value == null || pairs.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
                    return false; // a parameter twice in one element: RFC 7239 section 4 forbids it
                }
                skipWhitespace();
                if (at < text.length() && text.charAt(at) != ';' && text.charAt(at) != ',') {
                    return false;
                }
            }
        }

        private void skipWhitespace() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }

        private String token() {
            int start = at;
            while (at < text.length() && isTokenChar(text.charAt(at))) {
                at++;
            }
            return at > start ? text.substring(start, at) : null;
        }

        /** A quoted-string (RFC 9110 section 5.6.4), unescaped; {@code null} if it does not end. */
        private String quoted() {
            StringBuilder value = new StringBuilder();
            at++; // the opening quote
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (at == text.length()) {
                        return null;
                    }
                    c = text.charAt(at++);
                }
                if (c < 0x20 && c != '\t' || c == 0x7F) {
                    return null;
                }
                value.append(c);
            }
            return null;
        }
    }

    private static Hop hopOf(Map<String, String> pairs) {
        String forValue = pairs.get("for");
        Node node = forValue == null ? Node.UNKNOWN : Node.parseForwardedNode(forValue);
        String proto = pairs.get("proto");
        String host = pairs.get("host");
        String by = pairs.get("by");
        if (node == null
                || (proto != null && !isScheme(proto))
                || (host != null && !HostPort.isValid(host))
                || (by != null && Node.parseForwardedNode(by) == null)) {
            return null;
        }
        return new Hop(node, proto, host);
    }

    // ----- X-Forwarded-For -------------------------------------------------------------------------------

    /**
     * The hops of the {@code X-Forwarded-For} field lines {@code values}, left to right; empty if any entry is not
     * an address ({@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code 2001:db8::1}, {@code [2001:db8::1]:4711}) or
     * {@code unknown}.
     */
    static Optional<List<Hop>> parseForwardedFor(List<String> values) {
        List<Hop> hops = new ArrayList<>();
        for (String entry : commaList(values)) {
            Node node = Node.parseLooseNode(entry);
            if (node == null) {
                return Optional.empty();
            }
            hops.add(new Hop(node, null, null));
        }
        return Optional.of(hops);
    }

    /** The non-empty members of comma-separated list field lines, stripped (RFC 9110 section 5.6.1). */
    private static List<String> commaList(List<String> values) {
        List<String> members = new ArrayList<>();
        for (String value : values) {
            for (String member : value.split(",", -1)) {
                String stripped = member.strip();
                if (!stripped.isEmpty()) {
                    members.add(stripped);
                }
            }
        }
        return members;
    }

    // ----- values ----------------------------------------------------------------------------------------

    /** Whether {@code text} is a URI scheme (RFC 3986 section 3.1). */
    private static boolean isScheme(String text) {
        if (text.isEmpty() || !isAlpha(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** {@code http} or {@code https}, lower-cased; {@code null} for any other scheme or none. */
    private static String usableScheme(String proto) {
        if (proto == null) {
            return null;
        }
        String lower = proto.toLowerCase(Locale.ROOT);
        return lower.equals("http") || lower.equals("https") ? lower : null;
    }

    private static int decimalPort(String text) {
        if (text.isEmpty() || text.length() > 5) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 65535 ? value : -1;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** RFC 9110 section 5.6.2 tchar. */
    private static boolean isTokenChar(char c) {
        if (isAlpha(c) || (c >= '0' && c <= '9')) {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    // ----- hops and nodes --------------------------------------------------------------------------------

    /**
     * One hop of a forwarding list: who the proxy at that hop received the request from, and what that proxy was
     * asked for.
     *
     * @param node the client of that hop
     * @param proto its {@code proto=}, or {@code null}
     * @param host its {@code host=}, or {@code null}
     */
    record Hop(Node node, String proto, String host) {}

    /**
     * A node (RFC 7239 section 6): an address with an optional port, or an identifier ({@code unknown}, {@code
     * _obfuscated}) that stands for one.
     *
     * @param address the IP address, or {@code null} for an identifier
     * @param name the identifier, or the address as written
     * @param port the port, 0 when none was given or it was obfuscated
     */
    record Node(InetAddress address, String name, int port) {
        static final Node UNKNOWN = new Node(null, "unknown", 0);

        boolean isTrustedBy(TrustedProxies trusted) {
            return address != null && trusted.trusts(address);
        }

        InetSocketAddress socketAddress() {
            return address != null
                    ? new InetSocketAddress(address, port)
                    : InetSocketAddress.createUnresolved(name, port);
        }

        /** {@code nodename [":" node-port]} of RFC 7239 section 6, unquoted; {@code null} if it is not one. */
        static Node parseForwardedNode(String text) {
            String nodename;
            String portText = null;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0) {
                    return null;
                }
                nodename = text.substring(0, close + 1);
                if (close + 1 < text.length()) {
                    if (text.charAt(close + 1) != ':') {
                        return null;
                    }
                    portText = text.substring(close + 2);
                }
            } else {
                int colon = text.indexOf(':');
                nodename = colon < 0 ? text : text.substring(0, colon);
                portText = colon < 0 ? null : text.substring(colon + 1);
            }
            int port = 0;
            if (portText != null) {
                if (isObfuscated(portText)) {
                    port = 0;
                } else {
                    port = decimalPort(portText);
                    if (port < 0) {
                        return null;
                    }
                }
            }
            if (nodename.startsWith("[")) {
                byte[] bytes = AddressLiterals.ipv6(nodename.substring(1, nodename.length() - 1), true);
                return bytes == null ? null : new Node(AddressLiterals.address(bytes), nodename, port);
            }
            if (nodename.equalsIgnoreCase("unknown")) {
                return new Node(null, "unknown", port);
            }
            if (isObfuscated(nodename)) {
                return new Node(null, nodename, port);
            }
            byte[] bytes = AddressLiterals.ipv4(nodename);
            return bytes == null ? null : new Node(AddressLiterals.address(bytes), nodename, port);
        }

        /** An {@code X-Forwarded-For} entry: an IPv4 or IPv6 address, bracketed or not, with an optional port. */
        static Node parseLooseNode(String text) {
            if (text.equalsIgnoreCase("unknown")) {
                return UNKNOWN;
            }
            if (text.startsWith("[")) {
                return parseForwardedNode(text);
            }
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
                byte[] bytes = AddressLiterals.ipv6(text, true); // a bare IPv6 address: no port possible
                return bytes == null ? null : new Node(AddressLiterals.address(bytes), text, 0);
            }
            Node node = parseForwardedNode(text);
            return node == null || node.address() == null ? null : node;
        }

        /** RFC 7239 section 6.3: {@code "_" 1*(ALPHA / DIGIT / "." / "_" / "-")}. */
        private static boolean isObfuscated(String text) {
            if (text.length() < 2 || text.charAt(0) != '_') {
                return false;
            }
            for (int i = 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '-') {
                    return false;
                }
            }
            return true;
        }
    }

    /** The {@code Host} syntax (RFC 9110 section 7.2: {@code uri-host [":" port]}) of {@code host=} values. */
    static final class HostPort {
        private HostPort() {}

        static boolean isValid(String host) {
            return host != null && of(host) >= -1 && hostEnd(host) > 0;
        }

        /** The port written in {@code host}, -1 if none; -2 if {@code host} is not valid. */
        static int of(String host) {
            if (host == null) {
                return -1;
            }
            int end = hostEnd(host);
            if (end <= 0) {
                return -2;
            }
            if (end == host.length()) {
                return -1;
            }
            if (host.charAt(end) != ':') {
                return -2;
            }
            String port = host.substring(end + 1);
            if (port.isEmpty()) {
                return -1; // RFC 3986 allows an empty port: the scheme's default
            }
            int value = decimalPort(port);
            return value < 0 ? -2 : value;
        }

        /** Where the host part of {@code host} ends; 0 or less if it is not a valid uri-host. */
        private static int hostEnd(String host) {
            if (host.startsWith("[")) {
                int close = host.indexOf(']');
                if (close < 0 || AddressLiterals.ipv6(host.substring(1, close), true) == null) {
                    return 0;
                }
                return close + 1;
            }
            int at = 0;
            while (at < host.length() && isRegNameChar(host.charAt(at))) {
                at++;
            }
            return at;
        }

        /** RFC 3986 reg-name: unreserved, pct-encoded and sub-delims, less the separators "," and ";". */
        private static boolean isRegNameChar(char c) {
            return isAlpha(c) || (c >= '0' && c <= '9') || "-._~%!$&'()*+=".indexOf(c) >= 0;
        }
    }
}
