package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kamaelia.http.message.RequestHead;

/**
 * The default name and key values of Kamaelia's {@code http.server.requests} observations, spelt as Spring's own
 * server conventions spell them so that dashboards and trace views made for Spring MVC work unchanged.
 *
 * <p>Low-cardinality keys (tags of the timer, attributes of the span):
 * <ul>
 *   <li>{@code server}: the server's name under {@code kamaelia.http.servers} (Kamaelia's own);
 *   <li>{@code method}: the request method, or {@code UNKNOWN} for one that RFC 9110 and RFC 5789 do not define;
 *   <li>{@code uri}: the route prefix that chose the handler (never the raw path); for a request no route matched,
 *       {@code NOT_FOUND} when it was answered 404, {@code REDIRECTION} when 3xx, else {@code UNKNOWN} (Spring's
 *       {@code root} is for an empty pattern, which a Kamaelia route cannot have: the route {@code /} is
 *       {@code /});
 *   <li>{@code status}: the response status, or {@code UNKNOWN} while there is none;
 *   <li>{@code outcome}: {@code INFORMATIONAL}, {@code SUCCESS}, {@code REDIRECTION}, {@code CLIENT_ERROR},
 *       {@code SERVER_ERROR}, or {@code UNKNOWN};
 *   <li>{@code exception}: the simple class name of the handler's failure, or {@code none}.
 * </ul>
 * High-cardinality: {@code http.url}, the request's path as sent (without the query), or {@code UNKNOWN} when the
 * head was not seen.
 *
 * <p>The contextual name (the span's name) is {@code http get} followed by the route, as Spring names spans after
 * the matched pattern. Key values for methods, statuses and outcomes are made once; those of a route, and
 * contextual names, once per route; and the sorted set of low-cardinality key values once per combination (up to
 * {@value #MAX_CACHED_COMBINATIONS} of them), since Micrometer sorts every set it is given. And since most of them
 * (status, outcome, exception) are known only at the end, this convention gives none when the observation starts
 * and all of them when it stops, where the meter and tracing handlers read them; the active requests' long task
 * timer is tagged from the context's fields instead ({@link KamaeliaRequestMeterObservationHandler}). A subclass
 * that overrides a key value's method gets neither shortcut: it is asked at the start and at the stop, each time.
 */
public class DefaultKamaeliaServerRequestObservationConvention implements KamaeliaServerRequestObservationConvention {
    /** The observation's name when {@code management.observations.http.server.requests.name} is not set. */
    public static final String DEFAULT_NAME = "http.server.requests";

    /** How many combinations of low-cardinality key values are kept sorted; more are sorted for each request. */
    static final int MAX_CACHED_COMBINATIONS = 4096;

    private static final String NO_ROUTE = "none";
    private static final KeyValue METHOD_UNKNOWN = KeyValue.of("method", "UNKNOWN");
    private static final Map<String, KeyValue> METHODS = Map.ofEntries(
            method("GET"),
            method("HEAD"),
            method("POST"),
            method("PUT"),
            method("PATCH"),
            method("DELETE"),
            method("OPTIONS"),
            method("TRACE"),
            method("CONNECT"));
    private static final KeyValue STATUS_UNKNOWN = KeyValue.of("status", "UNKNOWN");
    private static final KeyValue[] STATUSES = new KeyValue[600];
    private static final KeyValue OUTCOME_UNKNOWN = KeyValue.of("outcome", "UNKNOWN");
    private static final KeyValue[] OUTCOMES = {
        KeyValue.of("outcome", "INFORMATIONAL"),
        KeyValue.of("outcome", "SUCCESS"),
        KeyValue.of("outcome", "REDIRECTION"),
        KeyValue.of("outcome", "CLIENT_ERROR"),
        KeyValue.of("outcome", "SERVER_ERROR")
    };
    private static final KeyValue URI_NOT_FOUND = KeyValue.of("uri", "NOT_FOUND");
    private static final KeyValue URI_REDIRECTION = KeyValue.of("uri", "REDIRECTION");
    private static final KeyValue URI_UNKNOWN = KeyValue.of("uri", "UNKNOWN");
    private static final KeyValue EXCEPTION_NONE = KeyValue.of("exception", "none");
    private static final KeyValue HTTP_URL_UNKNOWN = KeyValue.of("http.url", "UNKNOWN");

    static {
        for (int code = 100; code < STATUSES.length; code++) {
            STATUSES[code] = KeyValue.of("status", Integer.toString(code));
        }
    }

    private final String name;
    private final Map<String, KeyValue> servers = new ConcurrentHashMap<>();
    private final Map<String, KeyValue> uris = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> contextualNames = new ConcurrentHashMap<>();
    private final boolean cachesCombinations = getClass() == DefaultKamaeliaServerRequestObservationConvention.class;
    private final Map<Combination, KeyValues> combinations = new ConcurrentHashMap<>();

    // The outcome follows from the status, so it is not part of the key.
    private record Combination(KeyValue server, KeyValue method, KeyValue uri, KeyValue status, KeyValue exception) {}

    /** The convention with the default name, {@value #DEFAULT_NAME}. */
    public DefaultKamaeliaServerRequestObservationConvention() {
        this(DEFAULT_NAME);
    }

    /** The convention naming observations {@code name} (Boot's {@code management.observations.http.server.requests.name}). */
    public DefaultKamaeliaServerRequestObservationConvention(String name) {
        this.name = name;
    }

    private static Map.Entry<String, KeyValue> method(String method) {
        return Map.entry(method, KeyValue.of("method", method));
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getContextualName(KamaeliaServerRequestObservationContext context) {
        String method = context.method();
        return contextualNames
                .computeIfAbsent(method, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(context.route(), route -> contextualName(method, route));
    }

    private static String contextualName(String method, String route) {
        String known = METHODS.containsKey(method) ? method.toLowerCase(Locale.ROOT) : "unknown";
        return NO_ROUTE.equals(route) ? "http " + known : "http " + known + " " + route;
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(KamaeliaServerRequestObservationContext context) {
        if (!cachesCombinations) {
            return sorted(context);
        }
        if (!context.ending()) {
            return KeyValues.empty(); // the start: nothing final yet, and each key value costs the context a map entry
        }
        Combination combination =
                new Combination(server(context), method(context), uri(context), status(context), exception(context));
        KeyValues known = combinations.get(combination);
        if (known != null) {
            return known;
        }
        KeyValues made = sorted(context);
        if (combinations.size() < MAX_CACHED_COMBINATIONS) {
            combinations.putIfAbsent(combination, made);
        }
        return made;
    }

    private KeyValues sorted(KamaeliaServerRequestObservationContext context) {
        return KeyValues.of(
                server(context), method(context), uri(context), status(context), outcome(context), exception(context));
    }

    /** The combinations whose key values are kept sorted; for tests. */
    int cachedCombinations() {
        return combinations.size();
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(KamaeliaServerRequestObservationContext context) {
        return KeyValues.of(httpUrl(context));
    }

    /** The {@code server} key value: the server's name. */
    protected KeyValue server(KamaeliaServerRequestObservationContext context) {
        return servers.computeIfAbsent(context.server(), server -> KeyValue.of("server", server));
    }

    /** {@code method} if RFC 9110 or RFC 5789 defines it, else {@code UNKNOWN}: the {@code method} tag's value. */
    static String knownMethod(String method) {
        // a switch, not the map: this runs for every request, and a string switch hashes once and compares once
        switch (method) {
            case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT":
                return method;
            default:
                return "UNKNOWN";
        }
    }

    /** The {@code method} key value. */
    protected KeyValue method(KamaeliaServerRequestObservationContext context) {
        return METHODS.getOrDefault(context.method(), METHOD_UNKNOWN);
    }

    /** The {@code uri} key value: the route prefix, else {@code NOT_FOUND}, {@code REDIRECTION} or {@code UNKNOWN}. */
    protected KeyValue uri(KamaeliaServerRequestObservationContext context) {
        String route = context.route();
        if (!NO_ROUTE.equals(route)) {
            return uris.computeIfAbsent(route, prefix -> KeyValue.of("uri", prefix));
        }
        int status = context.status();
        if (status == 404) {
            return URI_NOT_FOUND;
        }
        if (status >= 300 && status < 400) {
            return URI_REDIRECTION;
        }
        return URI_UNKNOWN;
    }

    /** The {@code status} key value. */
    protected KeyValue status(KamaeliaServerRequestObservationContext context) {
        int status = context.status();
        if (status >= 100 && status < STATUSES.length) {
            return STATUSES[status];
        }
        return status == 0 ? STATUS_UNKNOWN : KeyValue.of("status", Integer.toString(status));
    }

    /** The {@code outcome} key value, from the status class. */
    protected KeyValue outcome(KamaeliaServerRequestObservationContext context) {
        int status = context.status();
        return status >= 100 && status < 600 ? OUTCOMES[status / 100 - 1] : OUTCOME_UNKNOWN;
    }

    /** The {@code exception} key value: the handler failure's simple class name (its class name if anonymous). */
    protected KeyValue exception(KamaeliaServerRequestObservationContext context) {
        Throwable error = context.getError();
        if (error == null) {
            return EXCEPTION_NONE;
        }
        String simple = error.getClass().getSimpleName();
        return KeyValue.of("exception", simple.isEmpty() ? error.getClass().getName() : simple);
    }

    /** The {@code http.url} key value: the path as the client sent it. */
    protected KeyValue httpUrl(KamaeliaServerRequestObservationContext context) {
        RequestHead head = context.getCarrier();
        return head == null
                ? HTTP_URL_UNKNOWN
                : KeyValue.of("http.url", head.target().rawPath());
    }
}
