package org.kamaelia.http.tls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * What a TLS server offers: its {@link SSLContext} (key material and trust), the protocol versions and cipher suites
 * it enables, whether it asks clients for certificates, how long a handshake may take, and where the engine's
 * delegated tasks run. Immutable and checked when built, so a bad setting fails at startup, not at the first
 * handshake.
 *
 * <pre>{@code
 * TlsSettings settings = TlsSettings.builder(sslContext)
 *         .protocols("TLSv1.3", "TLSv1.2")
 *         .clientAuth(ClientAuth.WANT)
 *         .handshakeTimeout(Duration.ofSeconds(5))
 *         .build();
 * TlsEngine tls = new TlsEngine(settings);
 * }</pre>
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>protocols</td><td>{@code TLSv1.3, TLSv1.2}, those the context supports</td></tr>
 *   <tr><td>cipher suites</td><td>the context's defaults</td></tr>
 *   <tr><td>client auth</td><td>{@link ClientAuth#NONE}</td></tr>
 *   <tr><td>handshake timeout</td><td>{@link #DEFAULT_HANDSHAKE_TIMEOUT_SECONDS} seconds</td></tr>
 *   <tr><td>delegated tasks</td><td>a shared pool of daemon threads, one per processor, idle threads ending</td></tr>
 * </table>
 *
 * <p>Versions older than TLS 1.2 are refused: RFC 8996 deprecates TLS 1.0 and 1.1, and the JDK disables them.
 */
public final class TlsSettings {
    /** The default handshake deadline, in seconds (the same as the request-head deadline). */
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 10;

    private static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Set<String> REFUSED_PROTOCOLS = Set.of("SSLv2Hello", "SSLv3", "TLSv1", "TLSv1.1");

    private final SSLContext context;
    private final List<String> protocols;
    private final List<String> cipherSuites; // empty: the context's defaults
    private final ClientAuth clientAuth;
    private final Duration handshakeTimeout;
    private final Executor delegatedTasks;

    private TlsSettings(Builder builder, List<String> protocols) {
        this.context = builder.context;
        this.protocols = protocols;
        this.cipherSuites = List.copyOf(builder.cipherSuites);
        this.clientAuth = builder.clientAuth;
        this.handshakeTimeout = builder.handshakeTimeout;
        this.delegatedTasks = builder.delegatedTasks;
    }

    /** Starts settings for {@code context}, which must be initialised with the server's key material. */
    public static Builder builder(SSLContext context) {
        return new Builder(context);
    }

    /** The context engines are made from. */
    public SSLContext context() {
        return context;
    }

    /** The enabled protocol versions, in the order given. */
    public List<String> protocols() {
        return protocols;
    }

    /** The enabled cipher suites, if set; empty means the context's defaults. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** Whether clients are asked for a certificate. */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /** How long a handshake may take from the engine's start before the connection is closed. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Runs the engine's delegated tasks (key exchange, certificate checks) on the event loop, within the engine's own
     * step: the default, as Netty's and Jetty's TLS handlers run them. On a machine whose cores the loops already
     * fill, a hand-off to other threads costs two context switches per batch and saves nothing (measured: a resumed
     * TLS 1.3 handshake took 0.49-0.50 ms of server CPU on the loop against 0.61-0.69 ms with the task threads).
     */
    public static final Executor ON_THE_LOOP = Runnable::run;

    /**
     * Daemon threads, one per processor, made on demand and ended after a minute idle: for {@link
     * Builder#delegatedTasks} where full handshakes with slow keys (RSA signatures of a millisecond or more) must not
     * hold up the other connections of a loop, and there are cores to spare for them.
     */
    public static Executor taskThreads() {
        return DelegatedTaskThreads.shared();
    }

    /** Where the engine's delegated tasks (key exchange, certificate checks) run: {@link #ON_THE_LOOP} by default. */
    public Executor delegatedTasks() {
        return delegatedTasks;
    }

    /** A new server-side engine with these settings applied. */
    public SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols.toArray(String[]::new));
        if (!cipherSuites.isEmpty()) {
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        // The server's order of preference decides, so that a client cannot talk it down to a weaker suite it
        // happens to list first.
        parameters.setUseCipherSuitesOrder(true);
        if (clientAuth == ClientAuth.NEED) {
            parameters.setNeedClientAuth(true);
        } else if (clientAuth == ClientAuth.WANT) {
            parameters.setWantClientAuth(true);
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    @Override
    public String toString() {
        return "TlsSettings[protocols=" + protocols + ", cipherSuites="
                + (cipherSuites.isEmpty() ? "default" : cipherSuites) + ", clientAuth=" + clientAuth
                + ", handshakeTimeout=" + handshakeTimeout + "]";
    }

    /** Builds {@link TlsSettings}; {@link #build()} checks every value against the context. */
    public static final class Builder {
        private final SSLContext context;
        private List<String> protocols = List.of();
        private List<String> cipherSuites = List.of();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private Duration handshakeTimeout = Duration.ofSeconds(DEFAULT_HANDSHAKE_TIMEOUT_SECONDS);
        private Executor delegatedTasks = ON_THE_LOOP;

        private Builder(SSLContext context) {
            this.context = Objects.requireNonNull(context, "context");
        }

        /** The protocol versions to enable, by their standard names ({@code TLSv1.3}, {@code TLSv1.2}). */
        public Builder protocols(String... names) {
            this.protocols = List.of(names);
            return this;
        }

        /** The cipher suites to enable, by their standard names, in the server's order of preference. */
        public Builder cipherSuites(String... names) {
            this.cipherSuites = List.of(names);
            return this;
        }

        /** Whether to ask clients for a certificate. */
        public Builder clientAuth(ClientAuth mode) {
            this.clientAuth = Objects.requireNonNull(mode, "clientAuth");
            return this;
        }

        /** How long a handshake may take; must be positive. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Objects.requireNonNull(timeout, "handshakeTimeout");
            return this;
        }

        /**
         * Where delegated tasks run: {@link #ON_THE_LOOP} (the default), {@link #taskThreads()}, or any executor; the
         * engine is not touched while they run elsewhere, and their end comes back to its loop.
         */
        public Builder delegatedTasks(Executor executor) {
            this.delegatedTasks = Objects.requireNonNull(executor, "delegatedTasks");
            return this;
        }

        /**
         * Checks the values and makes the settings.
         *
         * @throws IllegalArgumentException naming the first bad value: a protocol or suite the context does not
         *     support, a protocol older than TLS 1.2, an empty list, or a timeout that is not positive
         */
        public TlsSettings build() {
            if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
                throw new IllegalArgumentException("the handshake timeout must be positive, got " + handshakeTimeout);
            }
            SSLParameters supported = context.getSupportedSSLParameters();
            List<String> chosen = protocols.isEmpty() ? defaultProtocols(supported) : checkedProtocols(supported);
            checkSuites(supported);
            return new TlsSettings(this, chosen);
        }

        private List<String> checkedProtocols(SSLParameters supported) {
            Set<String> known = new HashSet<>(Arrays.asList(supported.getProtocols()));
            for (String protocol : protocols) {
                if (REFUSED_PROTOCOLS.contains(protocol)) {
                    throw new IllegalArgumentException(protocol + " is refused: only TLSv1.2 and later (RFC 8996)");
                }
                if (!known.contains(protocol)) {
                    throw new IllegalArgumentException(
                            "protocol " + protocol + " is not supported by this SSLContext; supported: " + known);
                }
            }
            if (new HashSet<>(protocols).size() != protocols.size()) {
                throw new IllegalArgumentException("protocols are listed twice: " + protocols);
            }
            return protocols;
        }

        private static List<String> defaultProtocols(SSLParameters supported) {
            Set<String> known = new HashSet<>(Arrays.asList(supported.getProtocols()));
            List<String> chosen = new ArrayList<>();
            for (String protocol : DEFAULT_PROTOCOLS) {
                if (known.contains(protocol)) {
                    chosen.add(protocol);
                }
            }
            if (chosen.isEmpty()) {
                throw new IllegalArgumentException("this SSLContext supports neither TLSv1.3 nor TLSv1.2: " + known);
            }
            return List.copyOf(chosen);
        }

        private void checkSuites(SSLParameters supported) {
            if (cipherSuites.isEmpty()) {
                return;
            }
            Set<String> known = new HashSet<>(Arrays.asList(supported.getCipherSuites()));
            for (String suite : cipherSuites) {
                if (!known.contains(suite)) {
                    throw new IllegalArgumentException(
                            "cipher suite " + suite + " is not supported by this SSLContext");
                }
            }
        }
    }
}
