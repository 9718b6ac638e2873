package org.kamaelia.http.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.message.HttpHeaders;

/** The negotiation of RFC 9110 section 12.5.3, as a table: header value, chosen coding ("identity" for none). */
class AcceptEncodingTest {
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("gzip", "gzip"),
                Arguments.of("deflate", "deflate"),
                Arguments.of("gzip, deflate", "gzip"),
                Arguments.of("deflate, gzip", "gzip"), // a tie goes to gzip, whatever the order
                Arguments.of("GZIP", "gzip"),
                Arguments.of("Deflate", "deflate"),
                Arguments.of("x-gzip", "gzip"),
                Arguments.of("gzip, deflate, br, zstd", "gzip"),
                Arguments.of("br", "identity"),
                Arguments.of("", "identity"),
                Arguments.of("identity", "identity"),
                Arguments.of("*", "gzip"),
                Arguments.of("*;q=0", "identity"),
                Arguments.of("gzip;q=0", "identity"),
                Arguments.of("gzip;q=0, *", "deflate"), // the explicit refusal beats the wildcard
                Arguments.of("gzip;q=0, deflate;q=0, *", "identity"),
                Arguments.of("gzip;q=0.5, deflate;q=0.8", "deflate"),
                Arguments.of("gzip;q=0.8, deflate;q=0.8", "gzip"),
                Arguments.of("gzip;q=0.001", "gzip"),
                Arguments.of("gzip;q=1.000", "gzip"),
                Arguments.of("gzip ; q = 0.7 , deflate;q=0.6", "gzip"),
                Arguments.of("gzip;Q=0.2, deflate;q=0.1", "gzip"),
                Arguments.of("deflate;q=0.5, *;q=0.9", "gzip"), // gzip weighs what '*' weighs
                Arguments.of("identity;q=0, gzip", "gzip"),
                Arguments.of("identity;q=0", "identity"), // nothing offered is acceptable: plain is all there is
                Arguments.of("gzip;q=0.5, identity", "identity"), // identity listed heavier than gzip
                Arguments.of("gzip;q=0.5, identity;q=0.5", "gzip"), // a tie with identity compresses
                Arguments.of("gzip;q=2", "identity"), // malformed q-values are skipped
                Arguments.of("gzip;q=1.5", "identity"),
                Arguments.of("gzip;q=0.5000", "identity"),
                Arguments.of("gzip;q=abc, deflate", "deflate"),
                Arguments.of("gzip;level=9", "gzip"), // unknown parameters are ignored
                Arguments.of(",, gzip ,", "gzip"),
                Arguments.of("gzip;q=0, gzip;q=0.5", "gzip")); // a repeated coding takes its best weight
    }

    @ParameterizedTest(name = "Accept-Encoding: \"{0}\" -> {1}")
    @MethodSource("table")
    void negotiates(String acceptEncoding, String expected) {
        HttpHeaders request = HttpHeaders.of("Accept-Encoding", acceptEncoding);
        String chosen = AcceptEncoding.negotiate(request, EnumSet.allOf(ContentCoding.class))
                .map(ContentCoding::token)
                .orElse("identity");
        assertThat(chosen).isEqualTo(expected);
    }

    @Test
    void noFieldMeansPlain() {
        assertThat(AcceptEncoding.negotiate(HttpHeaders.EMPTY, EnumSet.allOf(ContentCoding.class)))
                .isEmpty();
    }

    @Test
    void severalFieldsAreOneList() {
        HttpHeaders request = HttpHeaders.builder()
                .add("Accept-Encoding", "gzip;q=0")
                .add("Accept-Encoding", "deflate")
                .build();
        assertThat(AcceptEncoding.negotiate(request, EnumSet.allOf(ContentCoding.class)))
                .contains(ContentCoding.DEFLATE);
    }

    @Test
    void onlyOfferedCodingsAreChosen() {
        HttpHeaders request = HttpHeaders.of("Accept-Encoding", "gzip, deflate");
        assertThat(AcceptEncoding.negotiate(request, Set.of(ContentCoding.DEFLATE)))
                .contains(ContentCoding.DEFLATE);
        assertThat(AcceptEncoding.negotiate(request, Set.of())).isEmpty();
    }

    @Test
    void qValuesAreThousandths() {
        assertThat(AcceptEncoding.weightOf("q=0")).isZero();
        assertThat(AcceptEncoding.weightOf("q=0.")).isZero();
        assertThat(AcceptEncoding.weightOf("q=0.25")).isEqualTo(250);
        assertThat(AcceptEncoding.weightOf("q=1")).isEqualTo(1000);
        assertThat(AcceptEncoding.weightOf("q=1.0")).isEqualTo(1000);
        assertThat(AcceptEncoding.weightOf("x=1")).isEqualTo(1000);
        assertThat(AcceptEncoding.weightOf("q=")).isEqualTo(-1);
        assertThat(AcceptEncoding.weightOf("q=.5")).isEqualTo(-1);
        assertThat(AcceptEncoding.weightOf("q=1.01")).isEqualTo(-1);
    }
}
