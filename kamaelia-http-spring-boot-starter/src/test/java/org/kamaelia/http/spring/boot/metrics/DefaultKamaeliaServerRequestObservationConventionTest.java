package org.kamaelia.http.spring.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.codec.request.RequestDecoder;
import org.kamaelia.http.message.RequestHead;

class DefaultKamaeliaServerRequestObservationConventionTest {
    private final DefaultKamaeliaServerRequestObservationConvention convention =
            new DefaultKamaeliaServerRequestObservationConvention();

    private static RequestHead head(String raw) {
        RequestDecoder decoder = new RequestDecoder(DecoderLimits.defaults());
        Object part = decoder.next(ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(part).isInstanceOf(RequestHead.class);
        return (RequestHead) part;
    }

    /** A context as the observation's stop sees it: its status set (0: none was sent) and its key values final. */
    private static KamaeliaServerRequestObservationContext context(String method, String route, int status) {
        KamaeliaServerRequestObservationContext context =
                new KamaeliaServerRequestObservationContext("api", method, route, null, null);
        context.status(status);
        context.ending(true);
        return context;
    }

    private String value(KeyValues values, String key) {
        return values.stream()
                .filter(keyValue -> keyValue.getKey().equals(key))
                .map(KeyValue::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no key " + key + " in " + values));
    }

    private String low(KamaeliaServerRequestObservationContext context, String key) {
        return value(convention.getLowCardinalityKeyValues(context), key);
    }

    @Test
    void hasBootsNameAndKeysForARoutedRequest() {
        KamaeliaServerRequestObservationContext context = context("POST", "/api", 201);

        assertThat(convention.getName()).isEqualTo("http.server.requests");
        assertThat(convention.getLowCardinalityKeyValues(context))
                .extracting(KeyValue::getKey)
                .containsExactlyInAnyOrder("server", "method", "uri", "status", "outcome", "exception");
        assertThat(low(context, "server")).isEqualTo("api");
        assertThat(low(context, "method")).isEqualTo("POST");
        assertThat(low(context, "uri")).isEqualTo("/api");
        assertThat(low(context, "status")).isEqualTo("201");
        assertThat(low(context, "outcome")).isEqualTo("SUCCESS");
        assertThat(low(context, "exception")).isEqualTo("none");
        assertThat(convention.getContextualName(context)).isEqualTo("http post /api");
    }

    @Test
    void sortsEachCombinationOnceAndKeepsCombinationsApart() {
        KeyValues first = convention.getLowCardinalityKeyValues(context("GET", "/api", 200));
        KeyValues again = convention.getLowCardinalityKeyValues(context("GET", "/api", 200));
        KeyValues otherStatus = convention.getLowCardinalityKeyValues(context("GET", "/api", 500));
        KamaeliaServerRequestObservationContext failed = context("GET", "/api", 200);
        failed.setError(new IllegalStateException("boom"));
        KeyValues withError = convention.getLowCardinalityKeyValues(failed);

        assertThat(again).isSameAs(first);
        assertThat(value(otherStatus, "status")).isEqualTo("500");
        assertThat(value(otherStatus, "outcome")).isEqualTo("SERVER_ERROR");
        assertThat(value(withError, "exception")).isEqualTo("IllegalStateException");
        assertThat(value(first, "exception")).isEqualTo("none");
        assertThat(convention.cachedCombinations()).isEqualTo(3);
    }

    @Test
    void aSubclassOverridingAKeyValueIsAskedForEveryRequest() {
        DefaultKamaeliaServerRequestObservationConvention tenant =
                new DefaultKamaeliaServerRequestObservationConvention() {
                    private int calls;

                    @Override
                    protected KeyValue server(KamaeliaServerRequestObservationContext context) {
                        return KeyValue.of("server", "tenant-" + ++calls);
                    }
                };

        assertThat(value(tenant.getLowCardinalityKeyValues(context("GET", "/api", 200)), "server"))
                .isEqualTo("tenant-1");
        assertThat(value(tenant.getLowCardinalityKeyValues(context("GET", "/api", 200)), "server"))
                .isEqualTo("tenant-2");
        assertThat(tenant.cachedCombinations()).isZero();
    }

    @Test
    void aRouteKeepsItsPrefixWhateverTheStatus() {
        assertThat(low(context("GET", "/static", 404), "uri")).isEqualTo("/static");
        assertThat(low(context("GET", "/static", 302), "uri")).isEqualTo("/static");
        assertThat(low(context("GET", "/", 200), "uri")).isEqualTo("/");
    }

    @Test
    void aRequestNoRouteMatchedIsNotFoundRedirectionOrUnknownAsInSpring() {
        assertThat(low(context("GET", "none", 404), "uri")).isEqualTo("NOT_FOUND");
        assertThat(low(context("GET", "none", 301), "uri")).isEqualTo("REDIRECTION");
        assertThat(low(context("GET", "none", 308), "uri")).isEqualTo("REDIRECTION");
        assertThat(low(context("GET", "none", 400), "uri")).isEqualTo("UNKNOWN");
        assertThat(low(context("GET", "none", 0), "uri")).isEqualTo("UNKNOWN");
        assertThat(convention.getContextualName(context("GET", "none", 404))).isEqualTo("http get");
    }

    @Test
    void givesNoLowCardinalityKeyValuesWhenTheObservationStartsAndAllWhenItStops() {
        KamaeliaServerRequestObservationContext context =
                new KamaeliaServerRequestObservationContext("api", "GET", "/api", null, null);
        assertThat(convention.getLowCardinalityKeyValues(context)).isEmpty();

        context.status(200);
        context.ending(true);
        assertThat(convention.getLowCardinalityKeyValues(context))
                .extracting(KeyValue::getKey)
                .containsExactlyInAnyOrder("server", "method", "uri", "status", "outcome", "exception");
    }

    @Test
    void statusAndOutcomeAreUnknownForAStopWithoutAResponse() {
        KamaeliaServerRequestObservationContext started = context("GET", "/api", 0);
        assertThat(low(started, "status")).isEqualTo("UNKNOWN");
        assertThat(low(started, "outcome")).isEqualTo("UNKNOWN");
        assertThat(low(context("GET", "/api", 101), "outcome")).isEqualTo("INFORMATIONAL");
        assertThat(low(context("GET", "/api", 302), "outcome")).isEqualTo("REDIRECTION");
        assertThat(low(context("GET", "/api", 499), "outcome")).isEqualTo("CLIENT_ERROR");
        assertThat(low(context("GET", "/api", 503), "outcome")).isEqualTo("SERVER_ERROR");
        assertThat(low(context("GET", "/api", 499), "status")).isEqualTo("499");
    }

    @Test
    void anInventedMethodIsUnknownSoItCannotGrowTheMeters() {
        KamaeliaServerRequestObservationContext context = context("BREW", "/pot", 418);
        assertThat(low(context, "method")).isEqualTo("UNKNOWN");
        assertThat(convention.getContextualName(context)).isEqualTo("http unknown /pot");
    }

    @Test
    void theExceptionIsTheErrorsSimpleNameOrItsClassNameWhenAnonymous() {
        KamaeliaServerRequestObservationContext context = context("GET", "/api", 500);
        context.setError(new IllegalStateException("no"));
        assertThat(low(context, "exception")).isEqualTo("IllegalStateException");

        RuntimeException anonymous = new RuntimeException() {};
        context.setError(anonymous);
        assertThat(low(context, "exception")).isEqualTo(anonymous.getClass().getName());
    }

    @Test
    void httpUrlIsThePathAsSentWithoutTheQuery() {
        RequestHead head = head("GET /api/caf%C3%A9?q=1 HTTP/1.1\r\nHost: h\r\n\r\n");
        KamaeliaServerRequestObservationContext context =
                new KamaeliaServerRequestObservationContext("api", "GET", "/api", head, null);
        assertThat(value(convention.getHighCardinalityKeyValues(context), "http.url"))
                .isEqualTo("/api/caf%C3%A9");
        assertThat(value(convention.getHighCardinalityKeyValues(context("GET", "none", 404)), "http.url"))
                .isEqualTo("UNKNOWN");
    }

    @Test
    void theCarriersGetterReadsHeaderFieldsCaseInsensitively() {
        RequestHead head = head("GET / HTTP/1.1\r\nHost: h\r\nTraceParent: 00-abc-def-01\r\n\r\n");
        KamaeliaServerRequestObservationContext context =
                new KamaeliaServerRequestObservationContext("api", "GET", "/", head, null);
        assertThat(context.getGetter().get(context.getCarrier(), "traceparent")).isEqualTo("00-abc-def-01");
        assertThat(context.getGetter().get(context.getCarrier(), "tracestate")).isNull();
        assertThat(context.getGetter().get(null, "traceparent")).isNull();
    }

    @Test
    void theNameIsConfigurable() {
        assertThat(new DefaultKamaeliaServerRequestObservationConvention("edge.requests").getName())
                .isEqualTo("edge.requests");
    }
}
