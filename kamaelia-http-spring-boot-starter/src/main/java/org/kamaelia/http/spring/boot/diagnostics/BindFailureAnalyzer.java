package org.kamaelia.http.spring.boot.diagnostics;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.kamaelia.http.net.TcpBindException;
import org.kamaelia.http.spring.boot.KamaeliaHttpServerStartException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a server that could not listen: most often its port is taken by another process, else its address is
 * not one of this machine's or the port needs privileges.
 */
final class BindFailureAnalyzer extends AbstractFailureAnalyzer<TcpBindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, TcpBindException cause) {
        KamaeliaHttpServerStartException start = findCause(rootFailure, KamaeliaHttpServerStartException.class);
        String server =
                start != null ? "Kamaelia HTTP server '" + start.getServerName() + "'" : "A Kamaelia HTTP server";
        String key = start != null ? "kamaelia.http.servers." + start.getServerName() : "kamaelia.http.servers.<name>";
        InetSocketAddress address = cause.address();
        int port = address != null ? address.getPort() : -1;
        if (portInUse(cause)) {
            return new FailureAnalysis(
                    server + " could not start: port " + port + " (" + key + ".port) is already in use.",
                    "Stop the process that listens on port " + port + ", or set " + key
                            + ".port to another port (0 picks a free one).",
                    cause);
        }
        return new FailureAnalysis(
                server + " could not start: " + cause.getMessage() + " (" + key + ".address, " + key + ".port).",
                "Set " + key + ".address to an address of this machine (or leave it unset for all interfaces), and "
                        + key + ".port to a port this process may use (ports below 1024 need privileges).",
                cause);
    }

    private static boolean portInUse(TcpBindException exception) {
        Throwable cause = exception.getCause();
        String message = cause != null && cause.getMessage() != null ? cause.getMessage() : "";
        return cause instanceof BindException
                && message.toLowerCase(Locale.ROOT).contains("in use");
    }
}
