package org.kamaelia.http.spring.boot;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.proxy.TrustedProxies;
import org.kamaelia.http.tls.TlsSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of Kamaelia HTTP servers, under {@code kamaelia.http}: servers keyed by a stable name, each on
 * its own port with its own routes, limits and timeouts.
 *
 * <pre>
 * kamaelia:
 *   http:
 *     servers:
 *       api:
 *         port: 8081
 *         routes:
 *           - prefix: /hello
 *             handler: helloHandler   # the name of a RequestHandlerFactory or HttpHandler bean
 *       site:
 *         port: 8080
 *         routes:
 *           - prefix: /
 *             static-location: classpath:/static/
 *             cache-control: max-age=60
 *       secure:
 *         port: 8443
 *         ssl:
 *           bundle: web           # spring.ssl.bundle.pem.web or spring.ssl.bundle.jks.web
 *         forwarded: native       # believe X-Forwarded-* and Forwarded from trusted-proxies
 *         routes:
 *           - prefix: /hello
 *             handler: helloHandler
 * </pre>
 */
@ConfigurationProperties("kamaelia.http")
public class KamaeliaHttpProperties {

    /** Whether Kamaelia HTTP is auto-configured at all; false starts no server, no event loop and no thread. */
    private boolean enabled = true;

    /** Servers, keyed by name; the name is the {@code server} tag on every meter and the key in the actuator output. */
    private Map<String, Server> servers = new LinkedHashMap<>();

    /** Number of event loops shared by all servers; defaults to the number of available processors. */
    private Integer eventLoops;

    /** How servers stop when the application context closes. */
    private final Shutdown shutdown = new Shutdown();

    /**
     * Name of the server that also serves Actuator's web endpoints, under management.endpoints.web.base-path, when
     * management.server.port is not set. None when unset.
     */
    private String managementServer;

    /** How requests are observed. */
    private final Observations observations = new Observations();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Map<String, Server> getServers() {
        return servers;
    }

    public void setServers(Map<String, Server> servers) {
        this.servers = servers;
    }

    public Integer getEventLoops() {
        return eventLoops;
    }

    public void setEventLoops(Integer eventLoops) {
        this.eventLoops = eventLoops;
    }

    public Shutdown getShutdown() {
        return shutdown;
    }

    public String getManagementServer() {
        return managementServer;
    }

    public void setManagementServer(String managementServer) {
        this.managementServer = managementServer;
    }

    public Observations getObservations() {
        return observations;
    }

    /** Observation settings. */
    public static class Observations {
        /**
         * Whether the http.server.requests timer is recorded without an Observation per request when only meter
         * handlers would see it (no tracing, no other handler, predicate, filter or convention beans). Set false to
         * always go through the Observation API, as for handlers added to the observation registry by hand.
         */
        private boolean shortcut = true;

        /**
         * Whether http.server.requests.active, the long task timer of the requests in progress, is kept. Off unless
         * asked for: it costs a sorted-set insertion and removal per request, which measured 9 % of a pipelined
         * trivial request. Boot's management.metrics.observations.ignored-meters still removes it.
         */
        private boolean longTaskTimer = false;

        public boolean isLongTaskTimer() {
            return longTaskTimer;
        }

        public void setLongTaskTimer(boolean longTaskTimer) {
            this.longTaskTimer = longTaskTimer;
        }

        public boolean isShortcut() {
            return shortcut;
        }

        public void setShortcut(boolean shortcut) {
            this.shortcut = shortcut;
        }
    }

    /** Shutdown settings. */
    public static class Shutdown {
        /** Whether servers stop gracefully (stop accepting, let responses in flight finish) or at once. */
        private ShutdownMode mode = ShutdownMode.GRACEFUL;

        /** Longest time a graceful shutdown waits for responses in flight before closing what is left. */
        private Duration gracePeriod = Duration.ofSeconds(30);

        /**
         * How long servers go on serving as before once readiness is refused, so that load balancers see the
         * readiness probe fail and stop sending traffic before listeners and idle keep-alive connections close.
         * Set it above the balancer's health-check interval times its failure count. Applies in both modes;
         * 0 (the default) closes at once.
         */
        private Duration drainDelay = Duration.ZERO;

        public ShutdownMode getMode() {
            return mode;
        }

        public void setMode(ShutdownMode mode) {
            this.mode = mode;
        }

        public Duration getGracePeriod() {
            return gracePeriod;
        }

        public void setGracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
        }

        public Duration getDrainDelay() {
            return drainDelay;
        }

        public void setDrainDelay(Duration drainDelay) {
            this.drainDelay = drainDelay;
        }
    }

    /** How servers stop. */
    public enum ShutdownMode {
        /** Stop accepting, let responses in flight finish within the grace period, then close. */
        GRACEFUL,
        /** Close every connection at once. */
        IMMEDIATE
    }

    /** One server. */
    public static class Server {
        /** Whether this server is started. */
        private boolean enabled = true;

        /** Port to listen on; 0 picks a free one (reported in a KamaeliaHttpServerStartedEvent). */
        private Integer port;

        /** Address to listen on; all interfaces unless set (127.0.0.1 or ::1 for this machine only). */
        private InetAddress address;

        /** Value of a Server header on every response; none when unset. */
        private String serverHeader;

        /**
         * Most connections open at once (Tomcat's default); past it no more are accepted (they wait in the listen
         * backlog) while the open ones go on being served.
         */
        private int maxConnections = 8192;

        /** Routes, matched by the longest segment-aware path prefix. */
        private List<Route> routes = new ArrayList<>();

        /** Request size limits. */
        private final Limits limits = new Limits();

        /** Deadlines. */
        private final Timeouts timeouts = new Timeouts();

        /** Connection reuse. */
        private final KeepAlive keepAlive = new KeepAlive();

        /** On-the-fly response compression. */
        private final Compression compression = new Compression();

        /** Access log: one line per exchange to the logger org.kamaelia.http.access. */
        private final AccessLog accessLog = new AccessLog();

        /** TLS from one of Spring Boot's SSL bundles; clear text when no bundle is named. */
        private final Ssl ssl = new Ssl();

        /** Whether Forwarded and X-Forwarded-* fields from trusted proxies set the client's address and scheme. */
        private Forwarded forwarded = Forwarded.NONE;

        /**
         * Address ranges (CIDR) of the proxies whose forwarding fields are believed; fields from other peers are
         * ignored. Defaults to the loopback, link-local and private ranges.
         */
        private List<String> trustedProxies = new ArrayList<>(TrustedProxies.DEFAULT_RANGES);

        /** Whether each connection starts with a PROXY protocol header (v1 or v2) naming the client. */
        private boolean proxyProtocol;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public InetAddress getAddress() {
            return address;
        }

        public void setAddress(InetAddress address) {
            this.address = address;
        }

        public String getServerHeader() {
            return serverHeader;
        }

        public void setServerHeader(String serverHeader) {
            this.serverHeader = serverHeader;
        }

        public int getMaxConnections() {
            return maxConnections;
        }

        public void setMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        public List<Route> getRoutes() {
            return routes;
        }

        public void setRoutes(List<Route> routes) {
            this.routes = routes;
        }

        public Limits getLimits() {
            return limits;
        }

        public Timeouts getTimeouts() {
            return timeouts;
        }

        public KeepAlive getKeepAlive() {
            return keepAlive;
        }

        public Compression getCompression() {
            return compression;
        }

        public AccessLog getAccessLog() {
            return accessLog;
        }

        public Ssl getSsl() {
            return ssl;
        }

        public Forwarded getForwarded() {
            return forwarded;
        }

        public void setForwarded(Forwarded forwarded) {
            this.forwarded = forwarded;
        }

        public List<String> getTrustedProxies() {
            return trustedProxies;
        }

        public void setTrustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
        }

        public boolean isProxyProtocol() {
            return proxyProtocol;
        }

        public void setProxyProtocol(boolean proxyProtocol) {
            this.proxyProtocol = proxyProtocol;
        }
    }

    /** Whether a server believes forwarding fields, Spring Boot's {@code server.forward-headers-strategy} in short. */
    public enum Forwarded {
        /** Forwarding fields are ignored: the client is the TCP peer (or what a PROXY header says). */
        NONE,
        /** The server applies Forwarded and X-Forwarded-* from trusted proxies to the request's origin. */
        NATIVE
    }

    /** Whether a TLS server asks clients for a certificate. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** A client certificate is asked for; the handshake completes without one. */
        WANT,
        /** A client certificate is required; the handshake fails without a valid one. */
        NEED
    }

    /** TLS of one server, from an SSL bundle ({@code spring.ssl.bundle.pem.<bundle>} or {@code .jks.<bundle>}). */
    public static class Ssl {
        /**
         * Name of the SSL bundle whose key, certificates, protocols and ciphers the server uses; the server is
         * reloaded without dropping connections when the bundle is updated (reload-on-update).
         */
        private String bundle;

        /** Whether clients are asked for a certificate, checked against the bundle's trust store. */
        private ClientAuth clientAuth = ClientAuth.NONE;

        /** Longest time a TLS handshake may take before the connection is closed. */
        private Duration handshakeTimeout = Duration.ofSeconds(TlsSettings.DEFAULT_HANDSHAKE_TIMEOUT_SECONDS);

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public ClientAuth getClientAuth() {
            return clientAuth;
        }

        public void setClientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
        }

        public Duration getHandshakeTimeout() {
            return handshakeTimeout;
        }

        public void setHandshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }
    }

    /** On-the-fly gzip or deflate of responses, negotiated from Accept-Encoding (see docs/compression.md). */
    public static class Compression {
        /** Whether responses are compressed. */
        private boolean enabled;

        /** Media types compressed (parameters such as charset ignored; type/* matches a whole type). */
        private List<String> mimeTypes = new ArrayList<>(org.kamaelia.http.compress.Compression.DEFAULT_MIME_TYPES);

        /** Smallest body compressed, when its length is known in advance; bodies of unknown length always are. */
        private DataSize minResponseSize =
                DataSize.ofBytes(org.kamaelia.http.compress.Compression.DEFAULT_MIN_RESPONSE_SIZE);

        /** Deflate level, 1 (fastest) to 9 (smallest). */
        private int level = org.kamaelia.http.compress.Compression.DEFAULT_LEVEL;

        /**
         * Codings offered (gzip, deflate, zstd), the first winning a tie of the client's q-values; zstd only when
         * com.github.luben:zstd-jni is on the class path.
         */
        private List<String> codings = new ArrayList<>(org.kamaelia.http.compress.Compression.DEFAULT_CODINGS.stream()
                .map(org.kamaelia.http.compress.ContentCoding::token)
                .toList());

        /** Zstd level, 1 (fastest) to 19 (smallest). */
        private int zstdLevel = org.kamaelia.http.compress.Compression.DEFAULT_ZSTD_LEVEL;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getMimeTypes() {
            return mimeTypes;
        }

        public void setMimeTypes(List<String> mimeTypes) {
            this.mimeTypes = mimeTypes;
        }

        public DataSize getMinResponseSize() {
            return minResponseSize;
        }

        public void setMinResponseSize(DataSize minResponseSize) {
            this.minResponseSize = minResponseSize;
        }

        public int getLevel() {
            return level;
        }

        public void setLevel(int level) {
            this.level = level;
        }

        public List<String> getCodings() {
            return codings;
        }

        public void setCodings(List<String> codings) {
            this.codings = codings;
        }

        public int getZstdLevel() {
            return zstdLevel;
        }

        public void setZstdLevel(int zstdLevel) {
            this.zstdLevel = zstdLevel;
        }
    }

    /** Access log of one server: one line per exchange, formatted off the event loops. */
    public static class AccessLog {
        /** Whether each exchange is logged to the logger org.kamaelia.http.access. */
        private boolean enabled = false;

        /** Format of the lines: common, combined, json, or a pattern of Apache httpd and Tomcat codes. */
        private String format = "combined";

        /** Most lines that may wait for the writer thread; more are dropped and counted. */
        private int queueCapacity = org.kamaelia.http.observe.access.AccessLog.DEFAULT_QUEUE_CAPACITY;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getFormat() {
            return format;
        }

        public void setFormat(String format) {
            this.format = format;
        }

        public int getQueueCapacity() {
            return queueCapacity;
        }

        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }
    }

    /** One route: a path prefix and what serves it (a handler bean, or static files). */
    public static class Route {
        /** Path prefix, matched on whole segments ("/api" matches "/api" and "/api/x", not "/apix"). */
        private String prefix;

        /** Name of the bean that serves the route: an HttpHandler, a BlockingHandler or a RequestHandlerFactory. */
        private String handler;

        /** Location of static files to serve instead of a handler, such as "classpath:/static/" or "file:./public". */
        private String staticLocation;

        /** Cache-Control value for static files. */
        private String cacheControl;

        /** Index file of static directories. */
        private String indexFile = "index.html";

        /** Methods the route answers; others get 405 with Allow. Any method when empty. */
        private List<String> methods = new ArrayList<>();

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        public String getHandler() {
            return handler;
        }

        public void setHandler(String handler) {
            this.handler = handler;
        }

        public String getStaticLocation() {
            return staticLocation;
        }

        public void setStaticLocation(String staticLocation) {
            this.staticLocation = staticLocation;
        }

        public String getCacheControl() {
            return cacheControl;
        }

        public void setCacheControl(String cacheControl) {
            this.cacheControl = cacheControl;
        }

        public String getIndexFile() {
            return indexFile;
        }

        public void setIndexFile(String indexFile) {
            this.indexFile = indexFile;
        }

        public List<String> getMethods() {
            return methods;
        }

        public void setMethods(List<String> methods) {
            this.methods = methods;
        }
    }

    /** Request size limits. */
    public static class Limits {
        /** Longest request line; longer ones get 414. */
        private DataSize maxRequestLine = DataSize.ofKilobytes(8);

        /** Largest header section; larger ones get 431. */
        private DataSize maxHeaderSize = DataSize.ofKilobytes(16);

        /** Most header fields; more get 431. */
        private int maxHeaderCount = 100;

        /** Largest request body; larger ones get 413. */
        private DataSize maxBodySize = DataSize.ofMegabytes(10);

        /** Slowest a client may send a request body while a handler waits for it; slower ones get 408. */
        private final DataRate minRequestBodyRate = new DataRate();

        /** Slowest a client may take a response that waits for it; slower ones are disconnected. */
        private final DataRate minResponseRate = new DataRate();

        public DataRate getMinRequestBodyRate() {
            return minRequestBodyRate;
        }

        public DataRate getMinResponseRate() {
            return minResponseRate;
        }

        public DataSize getMaxRequestLine() {
            return maxRequestLine;
        }

        public void setMaxRequestLine(DataSize maxRequestLine) {
            this.maxRequestLine = maxRequestLine;
        }

        public DataSize getMaxHeaderSize() {
            return maxHeaderSize;
        }

        public void setMaxHeaderSize(DataSize maxHeaderSize) {
            this.maxHeaderSize = maxHeaderSize;
        }

        public int getMaxHeaderCount() {
            return maxHeaderCount;
        }

        public void setMaxHeaderCount(int maxHeaderCount) {
            this.maxHeaderCount = maxHeaderCount;
        }

        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }
    }

    /** A minimum data rate, measured over each grace period in which the server waits on the client. */
    public static class DataRate {
        /** Least average bytes per second over each grace period; 0 turns the check off. */
        private DataSize bytesPerSecond = DataSize.ofBytes(240);

        /** How long a client may stay below the rate before it is disconnected. */
        private Duration gracePeriod = Duration.ofSeconds(5);

        public DataSize getBytesPerSecond() {
            return bytesPerSecond;
        }

        public void setBytesPerSecond(DataSize bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
        }

        public Duration getGracePeriod() {
            return gracePeriod;
        }

        public void setGracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
        }
    }

    /** Deadlines. */
    public static class Timeouts {
        /** Longest time a client may take to send a whole request head. */
        private Duration header = Duration.ofSeconds(10);

        /** Longest time a keep-alive connection may wait for its next request. */
        private Duration idle = Duration.ofSeconds(60);

        /** Longest time a request body may stall. */
        private Duration body = Duration.ofSeconds(30);

        /** Longest time queued output may make no progress because the client does not read. */
        private Duration write = Duration.ofSeconds(30);

        public Duration getHeader() {
            return header;
        }

        public void setHeader(Duration header) {
            this.header = header;
        }

        public Duration getIdle() {
            return idle;
        }

        public void setIdle(Duration idle) {
            this.idle = idle;
        }

        public Duration getBody() {
            return body;
        }

        public void setBody(Duration body) {
            this.body = body;
        }

        public Duration getWrite() {
            return write;
        }

        public void setWrite(Duration write) {
            this.write = write;
        }
    }

    /** Connection reuse. */
    public static class KeepAlive {
        /** Whether connections may carry more than one request. */
        private boolean enabled = true;

        /** Most requests served on one connection before it is closed. */
        private int maxRequests = 10_000;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getMaxRequests() {
            return maxRequests;
        }

        public void setMaxRequests(int maxRequests) {
            this.maxRequests = maxRequests;
        }
    }
}
