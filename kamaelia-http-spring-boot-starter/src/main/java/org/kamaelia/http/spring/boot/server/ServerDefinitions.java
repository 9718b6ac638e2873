package org.kamaelia.http.spring.boot.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.compress.Compression;
import org.kamaelia.http.compress.ContentCoding;
import org.kamaelia.http.handler.BlockingHandler;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.handler.Router;
import org.kamaelia.http.message.HttpTimeouts;
import org.kamaelia.http.net.MinimumDataRate;
import org.kamaelia.http.observe.access.AccessLog;
import org.kamaelia.http.observe.access.AccessLogFormat;
import org.kamaelia.http.observe.access.AccessLogTraceIds;
import org.kamaelia.http.proxy.TrustedProxies;
import org.kamaelia.http.resource.StaticFiles;
import org.kamaelia.http.server.HttpServer;
import org.kamaelia.http.spring.boot.KamaeliaHttpConfigurationException;
import org.kamaelia.http.spring.boot.KamaeliaHttpHandlerFactoryDecorator;
import org.kamaelia.http.spring.boot.KamaeliaHttpProperties;
import org.kamaelia.http.spring.boot.KamaeliaHttpRoute;
import org.kamaelia.http.spring.boot.KamaeliaHttpServerCustomizer;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.tls.TlsSettings;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Turns {@code kamaelia.http.*} properties, route beans and customizers into server definitions, checking
 * everything first so that a mistake stops the application at startup with a message naming the key.
 */
public final class ServerDefinitions {
    /**
     * The wildcard address, as Boot's own web servers listen: reachable from other machines and containers.
     * The JDK binds the IPv4 wildcard as the dual-stack one where IPv6 is available, so IPv6 clients reach it too.
     */
    static final InetAddress ALL_INTERFACES = new InetSocketAddress(0).getAddress();

    private final BeanFactory beans;
    private final ResourceLoader resources;

    /** Definitions whose handler beans come from {@code beans} and static files from {@code resources}. */
    public ServerDefinitions(BeanFactory beans, ResourceLoader resources) {
        this.beans = beans;
        this.resources = resources;
    }

    /**
     * The definition of every enabled server, in configuration order.
     *
     * @throws KamaeliaHttpConfigurationException naming the first key that is wrong
     */
    public List<KamaeliaHttpServers.Definition> define(
            KamaeliaHttpProperties properties,
            List<KamaeliaHttpRoute> codeRoutes,
            List<KamaeliaHttpServerCustomizer> customizers) {
        return define(properties, codeRoutes, customizers, List.of());
    }

    /**
     * The definition of every enabled server, in configuration order, each route's factory wrapped by
     * {@code decorators} in order.
     *
     * @throws KamaeliaHttpConfigurationException naming the first key that is wrong
     */
    public List<KamaeliaHttpServers.Definition> define(
            KamaeliaHttpProperties properties,
            List<KamaeliaHttpRoute> codeRoutes,
            List<KamaeliaHttpServerCustomizer> customizers,
            List<KamaeliaHttpHandlerFactoryDecorator> decorators) {
        Map<String, KamaeliaHttpProperties.Server> servers = properties.getServers();
        for (KamaeliaHttpRoute route : codeRoutes) {
            if (!servers.containsKey(route.server())) {
                throw new KamaeliaHttpConfigurationException(
                        "kamaelia.http.servers." + route.server(),
                        "a KamaeliaHttpRoute bean for prefix " + route.prefix()
                                + " names this server, which is not configured",
                        "Configure a server called '" + route.server() + "' (at least kamaelia.http.servers."
                                + route.server() + ".port), or name an existing server in the KamaeliaHttpRoute bean.");
            }
        }
        Map<Integer, String> ports = new HashMap<>();
        List<KamaeliaHttpServers.Definition> definitions = new ArrayList<>();
        for (Map.Entry<String, KamaeliaHttpProperties.Server> entry : servers.entrySet()) {
            String name = entry.getKey();
            KamaeliaHttpProperties.Server server = entry.getValue();
            String key = "kamaelia.http.servers." + name;
            if (!server.isEnabled()) {
                continue;
            }
            if (!name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new KamaeliaHttpConfigurationException(
                        key, "a server name is lower-case letters, digits and '-'");
            }
            Integer port = server.getPort();
            if (port == null) {
                throw new KamaeliaHttpConfigurationException(
                        key + ".port",
                        "a port is required (0 picks a free one)",
                        "Set " + key + ".port to the port the server listens on, or to 0 for a free one.");
            }
            if (port < 0 || port > 65535) {
                throw new KamaeliaHttpConfigurationException(key + ".port", "port " + port + " is out of range");
            }
            if (port != 0) {
                String other = ports.putIfAbsent(port, name);
                if (other != null) {
                    throw new KamaeliaHttpConfigurationException(
                            key + ".port",
                            "port " + port + " is already used by server '" + other + "'",
                            "Give each server its own port: change " + key + ".port or kamaelia.http.servers." + other
                                    + ".port.");
                }
            }
            List<Router.Route> routes = new ArrayList<>();
            Set<String> prefixes = new LinkedHashSet<>();
            for (int i = 0; i < server.getRoutes().size(); i++) {
                Router.Route route =
                        route(key + ".routes[" + i + "]", server.getRoutes().get(i));
                requireUnique(prefixes, route.prefix(), key + ".routes[" + i + "].prefix");
                routes.add(route);
            }
            for (KamaeliaHttpRoute codeRoute : codeRoutes) {
                if (codeRoute.server().equals(name)) {
                    Router.Route route = new Router.Route(codeRoute.prefix(), codeRoute.factory(), codeRoute.methods());
                    requireUnique(prefixes, route.prefix(), key + " (KamaeliaHttpRoute bean)");
                    routes.add(route);
                }
            }
            if (routes.isEmpty()) {
                throw new KamaeliaHttpConfigurationException(
                        key + ".routes",
                        "server '" + name + "' has no routes (add routes or a KamaeliaHttpRoute bean)",
                        "Add " + key + ".routes[0].prefix with a handler or static-location, declare a"
                                + " KamaeliaHttpRoute bean for server '" + name + "', or set " + key
                                + ".enabled=false.");
            }
            DecoderLimits limits = limits(key + ".limits", server.getLimits());
            HttpTimeouts timeouts = timeouts(key + ".timeouts", server.getTimeouts());
            KeepAlive keepAlive = keepAlive(key + ".keep-alive", server.getKeepAlive());
            Compression compression = compression(key + ".compression", server.getCompression());
            MinimumDataRate minBodyRate = dataRate(
                    key + ".limits.min-request-body-rate", server.getLimits().getMinRequestBodyRate());
            MinimumDataRate minResponseRate = dataRate(
                    key + ".limits.min-response-rate", server.getLimits().getMinResponseRate());
            if (server.getMaxConnections() < 1) {
                throw new KamaeliaHttpConfigurationException(key + ".max-connections", "must be positive");
            }
            AccessLog accessLog = accessLog(key + ".access-log", server.getAccessLog());
            String sslBundle = sslBundle(key + ".ssl", server.getSsl());
            TrustedProxies trustedProxies = server.getForwarded() == KamaeliaHttpProperties.Forwarded.NATIVE
                    ? trustedProxies(key + ".trusted-proxies", server.getTrustedProxies())
                    : null;
            Router router = routerOf(routes);
            List<Router.Route> sorted = router.routes();
            definitions.add(new KamaeliaHttpServers.Definition(name, sorted, () -> {
                HttpServer.Builder builder = HttpServer.builder()
                        .name("kamaelia-" + name)
                        .address(server.getAddress() != null ? server.getAddress() : ALL_INTERFACES)
                        .port(port)
                        .limits(limits)
                        .timeouts(timeouts)
                        .keepAlive(keepAlive)
                        .maxConnections(server.getMaxConnections())
                        .minRequestBodyRate(minBodyRate)
                        .minResponseRate(minResponseRate)
                        .compression(compression);
                for (Router.Route route : sorted) {
                    RequestHandlerFactory factory = route.factory();
                    for (KamaeliaHttpHandlerFactoryDecorator decorator : decorators) {
                        factory = decorator.decorate(name, route.prefix(), factory);
                    }
                    builder.route(route.prefix(), factory, route.methods());
                }
                if (server.getServerHeader() != null) {
                    builder.serverHeader(server.getServerHeader());
                }
                if (sslBundle != null) {
                    // read at each start, so that a restarted server has the bundle as it is now
                    builder.tls(tlsSettings(key + ".ssl", sslBundle, server.getSsl()));
                }
                if (trustedProxies != null) {
                    builder.forwarded(trustedProxies);
                }
                if (server.isProxyProtocol()) {
                    builder.proxyProtocol(true);
                }
                if (accessLog != null) {
                    // looked up at each start: tracing may define the bean after the definitions were read
                    AccessLogTraceIds traceIds =
                            beans.getBeanProvider(AccessLogTraceIds.class).getIfUnique(() -> AccessLogTraceIds.NONE);
                    builder.accessLog(accessLog.withTraceIds(traceIds));
                }
                for (KamaeliaHttpServerCustomizer customizer : customizers) {
                    customizer.customize(name, builder);
                }
                return builder;
            }));
        }
        return definitions;
    }

    /**
     * The name of the SSL bundle the server uses, checked now (the bundle exists and makes valid TLS settings), or
     * {@code null} for clear text.
     */
    private String sslBundle(String key, KamaeliaHttpProperties.Ssl ssl) {
        String bundle = ssl.getBundle();
        if (bundle == null || bundle.isBlank()) {
            return null;
        }
        tlsSettings(key, bundle, ssl);
        return bundle;
    }

    private TlsSettings tlsSettings(String key, String bundleName, KamaeliaHttpProperties.Ssl ssl) {
        if (ssl.getHandshakeTimeout() == null
                || ssl.getHandshakeTimeout().isNegative()
                || ssl.getHandshakeTimeout().isZero()) {
            throw new KamaeliaHttpConfigurationException(key + ".handshake-timeout", "must be positive");
        }
        SslBundles bundles = beans.getBeanProvider(SslBundles.class).getIfAvailable();
        if (bundles == null) {
            throw new KamaeliaHttpConfigurationException(
                    key + ".bundle",
                    "SSL bundle '" + bundleName + "' is named but the application has no SslBundles bean",
                    "Let Spring Boot's SslAutoConfiguration run (it defines the SslBundles bean from"
                            + " spring.ssl.bundle.*), or remove " + key + ".bundle to serve clear text.");
        }
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(bundleName);
        } catch (NoSuchSslBundleException e) {
            List<String> known = bundles.getBundleNames();
            throw new KamaeliaHttpConfigurationException(
                    key + ".bundle",
                    "no SSL bundle named '" + bundleName + "'"
                            + (known.isEmpty() ? " (there are none)" : " (there are " + known + ")"),
                    "Define the bundle under spring.ssl.bundle.pem." + bundleName + " (PEM certificate and private"
                            + " key) or spring.ssl.bundle.jks." + bundleName + " (a JKS or PKCS12 key store), or set "
                            + key + ".bundle to the name of an existing bundle.");
        }
        try {
            return BundleTlsSettings.from(bundle, ssl);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new KamaeliaHttpConfigurationException(
                    key + ".bundle",
                    "SSL bundle '" + bundleName + "' cannot serve TLS: " + e.getMessage(),
                    "Fix spring.ssl.bundle.*." + bundleName + " (its key, certificates and options.enabled-protocols"
                            + " and options.ciphers, which must be TLSv1.2 or later and supported by the JDK), or"
                            + " set " + key + ".bundle to another bundle.");
        }
    }

    private static TrustedProxies trustedProxies(String key, List<String> ranges) {
        if (ranges == null) {
            return TrustedProxies.of(List.of());
        }
        for (int i = 0; i < ranges.size(); i++) {
            String range = ranges.get(i);
            try {
                TrustedProxies.of(List.of(range == null ? "" : range));
            } catch (IllegalArgumentException e) {
                throw new KamaeliaHttpConfigurationException(
                        key + "[" + i + "]",
                        e.getMessage(),
                        "Write each trusted proxy as an address literal with an optional prefix length, such as"
                                + " 10.0.0.0/8, 192.0.2.7 or 2001:db8::/32 (host names are not looked up).");
            }
        }
        return TrustedProxies.of(ranges);
    }

    private static Router routerOf(List<Router.Route> routes) {
        Router.Builder builder = Router.builder();
        for (Router.Route route : routes) {
            builder.route(route.prefix(), route.factory(), route.methods());
        }
        return builder.build();
    }

    private static void requireUnique(Set<String> prefixes, String prefix, String key) {
        String normalised =
                prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (!prefixes.add(normalised)) {
            throw new KamaeliaHttpConfigurationException(key, "prefix " + prefix + " is routed twice");
        }
    }

    private Router.Route route(String key, KamaeliaHttpProperties.Route route) {
        String prefix = route.getPrefix();
        if (prefix == null || !prefix.startsWith("/")) {
            throw new KamaeliaHttpConfigurationException(key + ".prefix", "a prefix is required and starts with '/'");
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String method : route.getMethods()) {
            methods.add(method.trim().toUpperCase(Locale.ROOT));
        }
        boolean hasHandler = route.getHandler() != null && !route.getHandler().isBlank();
        boolean hasStatic =
                route.getStaticLocation() != null && !route.getStaticLocation().isBlank();
        if (hasHandler == hasStatic) {
            throw new KamaeliaHttpConfigurationException(
                    key,
                    "give exactly one of 'handler' and 'static-location'",
                    "Set either " + key + ".handler (a handler bean's name) or " + key
                            + ".static-location (a directory of files), not both and not neither.");
        }
        if (hasHandler) {
            return new Router.Route(prefix, handler(key + ".handler", route.getHandler()), methods);
        }
        StaticFiles.Builder files = staticFiles(key + ".static-location", route.getStaticLocation())
                .mountedAt(prefix)
                .indexFile(route.getIndexFile());
        if (route.getCacheControl() != null) {
            files.cacheControl(route.getCacheControl());
        }
        return new Router.Route(prefix, files.build(), methods.isEmpty() ? Set.of("GET", "HEAD") : methods);
    }

    private RequestHandlerFactory handler(String key, String beanName) {
        if (!beans.containsBean(beanName)) {
            throw new KamaeliaHttpConfigurationException(
                    key,
                    "no bean named '" + beanName + "'",
                    "Define a bean named '" + beanName + "' (an HttpHandler, BlockingHandler or"
                            + " RequestHandlerFactory), or set " + key + " to the name of an existing one.");
        }
        // Checked by type now (fail fast), made only when first used, so that a handler bean may itself depend
        // on the servers (a dashboard does) without a cycle.
        Class<?> type = beans.getType(beanName);
        if (type == null
                || !(RequestHandlerFactory.class.isAssignableFrom(type)
                        || HttpHandler.class.isAssignableFrom(type)
                        || BlockingHandler.class.isAssignableFrom(type))) {
            throw new KamaeliaHttpConfigurationException(
                    key,
                    "bean '" + beanName + "' is a "
                            + (type == null ? "bean of unknown type" : type.getName())
                            + ", not a RequestHandlerFactory, HttpHandler or BlockingHandler",
                    "Set " + key + " to the name of an HttpHandler, BlockingHandler or RequestHandlerFactory bean,"
                            + " or make bean '" + beanName + "' one of those.");
        }
        return new LazyHandlerFactory(beans, beanName);
    }

    /** Resolves a handler bean on first use and adapts it to a factory (annotated handler beans use it too). */
    static final class LazyHandlerFactory implements RequestHandlerFactory {
        private final BeanFactory beans;
        private final String beanName;
        private volatile RequestHandlerFactory resolved;

        LazyHandlerFactory(BeanFactory beans, String beanName) {
            this.beans = beans;
            this.beanName = beanName;
        }

        @Override
        public org.kamaelia.http.handler.HandlerComponent create(org.kamaelia.http.message.RequestHead head) {
            RequestHandlerFactory factory = resolved;
            if (factory == null) {
                Object bean = beans.getBean(beanName);
                if (bean instanceof RequestHandlerFactory f) {
                    factory = f;
                } else if (bean instanceof HttpHandler function) {
                    factory = Handlers.function(function);
                } else {
                    factory = Handlers.blocking((BlockingHandler) bean);
                }
                resolved = factory;
            }
            return factory.create(head);
        }
    }

    private StaticFiles.Builder staticFiles(String key, String location) {
        try {
            if (location.startsWith("classpath:")) {
                String path = location.substring("classpath:".length());
                return StaticFiles.classpath(path, resources.getClassLoader());
            }
            Resource resource = resources.getResource(location.contains(":") ? location : "file:" + location);
            Path path = resource.getFile().toPath();
            if (!path.toFile().isDirectory()) {
                throw new KamaeliaHttpConfigurationException(key, location + " is not a directory");
            }
            return StaticFiles.directory(path);
        } catch (IOException | IllegalArgumentException e) {
            throw new KamaeliaHttpConfigurationException(
                    key, "cannot serve files from " + location + ": " + e.getMessage());
        }
    }

    private static MinimumDataRate dataRate(String key, KamaeliaHttpProperties.DataRate rate) {
        long bytesPerSecond = rate.getBytesPerSecond().toBytes();
        if (bytesPerSecond < 0) {
            throw new KamaeliaHttpConfigurationException(key + ".bytes-per-second", "must not be negative");
        }
        Duration grace = rate.getGracePeriod();
        if (grace == null || grace.isNegative() || grace.isZero()) {
            throw new KamaeliaHttpConfigurationException(key + ".grace-period", "must be positive");
        }
        return new MinimumDataRate(bytesPerSecond, grace);
    }

    /** The access log of {@code properties}, writing through SLF4J, or {@code null} when it is off. */
    private static AccessLog accessLog(String key, KamaeliaHttpProperties.AccessLog properties) {
        if (!properties.isEnabled()) {
            return null;
        }
        String format = properties.getFormat();
        if (format == null || format.isBlank()) {
            throw new KamaeliaHttpConfigurationException(
                    key + ".format",
                    "an access log needs a format",
                    "Set " + key + ".format to common, combined, json or a pattern such as %h %t \"%r\" %s %b.");
        }
        if (properties.getQueueCapacity() < 1 || properties.getQueueCapacity() > AccessLog.MAX_QUEUE_CAPACITY) {
            throw new KamaeliaHttpConfigurationException(
                    key + ".queue-capacity", "must be between 1 and " + AccessLog.MAX_QUEUE_CAPACITY);
        }
        AccessLogFormat parsed;
        try {
            parsed = AccessLogFormat.named(format);
        } catch (IllegalArgumentException e) {
            throw new KamaeliaHttpConfigurationException(
                    key + ".format",
                    e.getMessage(),
                    "Use common, combined, json, or a pattern of the codes in docs/access-log.md (%h %t %r %s %b %D"
                            + " %{Name}i %{framing}x ...); write a literal % as %%.");
        }
        return AccessLog.of(parsed).withSink(new Slf4jAccessLogSink()).withQueueCapacity(properties.getQueueCapacity());
    }

    private static DecoderLimits limits(String key, KamaeliaHttpProperties.Limits limits) {
        long line = limits.getMaxRequestLine().toBytes();
        long header = limits.getMaxHeaderSize().toBytes();
        if (line < 16 || line > Integer.MAX_VALUE) {
            throw new KamaeliaHttpConfigurationException(key + ".max-request-line", "must be between 16B and 2GB");
        }
        if (header < 2 || header > Integer.MAX_VALUE) {
            throw new KamaeliaHttpConfigurationException(key + ".max-header-size", "must be between 2B and 2GB");
        }
        if (limits.getMaxHeaderCount() < 1) {
            throw new KamaeliaHttpConfigurationException(key + ".max-header-count", "must be positive");
        }
        if (limits.getMaxBodySize().toBytes() < 0) {
            throw new KamaeliaHttpConfigurationException(key + ".max-body-size", "must not be negative");
        }
        return new DecoderLimits(
                (int) line,
                (int) header,
                limits.getMaxHeaderCount(),
                limits.getMaxBodySize().toBytes(),
                DecoderLimits.DEFAULT_MAX_CHUNK_LINE);
    }

    private static HttpTimeouts timeouts(String key, KamaeliaHttpProperties.Timeouts timeouts) {
        try {
            return new HttpTimeouts(timeouts.getHeader(), timeouts.getIdle(), timeouts.getBody(), timeouts.getWrite());
        } catch (RuntimeException e) {
            throw new KamaeliaHttpConfigurationException(key, e.getMessage());
        }
    }

    /** The core setting of one server's compression keys under {@code key}, checked key by key. */
    static Compression compression(String key, KamaeliaHttpProperties.Compression compression) {
        if (compression.getLevel() < 1 || compression.getLevel() > 9) {
            throw new KamaeliaHttpConfigurationException(key + ".level", "must be 1 to 9");
        }
        if (compression.getMinResponseSize() == null
                || compression.getMinResponseSize().isNegative()) {
            throw new KamaeliaHttpConfigurationException(key + ".min-response-size", "must not be negative");
        }
        List<String> types = compression.getMimeTypes() == null ? List.of() : compression.getMimeTypes();
        if (compression.isEnabled() && types.stream().noneMatch(type -> type != null && type.contains("/"))) {
            throw new KamaeliaHttpConfigurationException(
                    key + ".mime-types", "must name at least one media type (type/subtype) when compression is on");
        }
        if (compression.getZstdLevel() < 1 || compression.getZstdLevel() > 19) {
            throw new KamaeliaHttpConfigurationException(key + ".zstd-level", "must be 1 to 19");
        }
        return new Compression(
                compression.isEnabled(),
                types.stream().filter(type -> type != null && !type.isBlank()).toList(),
                compression.getMinResponseSize().toBytes(),
                compression.getLevel(),
                codings(key + ".codings", compression.getCodings()),
                compression.getZstdLevel());
    }

    /** The named codings, in the order given; zstd stays listed when its library is absent (the core skips it). */
    private static List<ContentCoding> codings(String key, List<String> names) {
        List<ContentCoding> codings = new ArrayList<>();
        for (String name : names == null ? List.<String>of() : names) {
            if (name == null || name.isBlank()) {
                continue;
            }
            ContentCoding coding = Arrays.stream(ContentCoding.values())
                    .filter(c -> c.token().equalsIgnoreCase(name.trim()))
                    .findFirst()
                    .orElseThrow(() -> new KamaeliaHttpConfigurationException(
                            key, "'" + name.trim() + "' is not one of gzip, deflate, zstd"));
            codings.add(coding);
        }
        if (codings.isEmpty()) {
            throw new KamaeliaHttpConfigurationException(
                    key, "must name at least one coding (to compress nothing, set enabled to false)");
        }
        return codings;
    }

    private static KeepAlive keepAlive(String key, KamaeliaHttpProperties.KeepAlive keepAlive) {
        if (keepAlive.getMaxRequests() < 1) {
            throw new KamaeliaHttpConfigurationException(key + ".max-requests", "must be positive");
        }
        return new KeepAlive(
                keepAlive.isEnabled(),
                keepAlive.getMaxRequests(),
                KeepAlive.defaults().maxDrainBytes());
    }
}
