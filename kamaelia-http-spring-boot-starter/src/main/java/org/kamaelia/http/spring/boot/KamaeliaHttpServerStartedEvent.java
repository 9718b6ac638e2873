package org.kamaelia.http.spring.boot;

import java.net.InetSocketAddress;
import org.springframework.context.ApplicationEvent;

/**
 * Published once for each server when it is listening, with its name and bound address: tests that ask for
 * port 0 learn their port from it.
 */
public class KamaeliaHttpServerStartedEvent extends ApplicationEvent {
    private static final long serialVersionUID = 1L;

    private final String serverName;
    private final transient InetSocketAddress address;

    /** An event for the server called {@code serverName}, bound to {@code address}. */
    public KamaeliaHttpServerStartedEvent(Object source, String serverName, InetSocketAddress address) {
        super(source);
        this.serverName = serverName;
        this.address = address;
    }

    /** The server's name. */
    public String getServerName() {
        return serverName;
    }

    /** The port the server is bound to. */
    public int getPort() {
        return address.getPort();
    }

    /** The address the server is bound to. */
    public InetSocketAddress getAddress() {
        return address;
    }
}
