package org.kamaelia.http.proxy;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What trusted forwarding fields said about a request's client, as {@link ForwardedFields} read it: its address,
 * the scheme it used, the host it asked for and the port it reached, each only when the fields said so.
 *
 * <p>An address the fields hid ({@code unknown}, or an obfuscated identifier such as {@code _hidden}) is an
 * {@linkplain InetSocketAddress#createUnresolved unresolved} address whose host string is that identifier: the
 * client is known not to be the proxy, but not by address.
 */
public final class ForwardedClient {
    private final InetSocketAddress address;
    private final String scheme;
    private final String host;
    private final int port;

    ForwardedClient(InetSocketAddress address, String scheme, String host, int port) {
        this.address = address;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
    }

    /** The client's address (port 0 when the fields gave none). */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(address);
    }

    /** The scheme the client used with the first trusted proxy: {@code http} or {@code https}. */
    public Optional<String> scheme() {
        return Optional.ofNullable(scheme);
    }

    /** The host (with its port, if it had one) the client asked the first trusted proxy for. */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    /** The port the client reached on the first trusted proxy, when a field named it. */
    public OptionalInt port() {
        return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /** Whether the fields said nothing that could be used. */
    boolean isEmpty() {
        return address == null && scheme == null && host == null && port < 0;
    }

    @Override
    public String toString() {
        return "ForwardedClient[address=" + address + ", scheme=" + scheme + ", host=" + host + ", port="
                + (port < 0 ? "-" : port) + "]";
    }
}
