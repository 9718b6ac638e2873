package org.kamaelia.http.spring.boot;

/** A configured server that could not start, such as one whose port is taken; the cause says why. */
public class KamaeliaHttpServerStartException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String serverName;

    /** The server called {@code serverName} failed to start because of {@code cause}. */
    public KamaeliaHttpServerStartException(String serverName, Throwable cause) {
        super("Kamaelia HTTP server '" + serverName + "' failed to start: " + cause.getMessage(), cause);
        this.serverName = serverName;
    }

    /** The name of the server, the {@code <name>} in {@code kamaelia.http.servers.<name>.*}. */
    public String getServerName() {
        return serverName;
    }
}
