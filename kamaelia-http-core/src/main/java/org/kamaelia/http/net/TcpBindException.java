package org.kamaelia.http.net;

import java.net.InetSocketAddress;

/** Thrown when a server cannot listen on its address; the message names the address and the cause. */
public final class TcpBindException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient InetSocketAddress address;

    TcpBindException(InetSocketAddress address, Exception cause) {
        super("cannot listen on " + describe(address) + ": " + cause.getMessage(), cause);
        this.address = address;
    }

    private static String describe(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The address that could not be bound. */
    public InetSocketAddress address() {
        return address;
    }
}
