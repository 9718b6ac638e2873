package org.kamaelia.http.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.message.HttpHeaders;

/**
 * The negotiation of RFC 9110 section 12.5.3, as tables: header value, chosen coding ("identity" for none), for
 * the default codings and with zstd offered.
 */
class AcceptEncodingTest {
    private static final List<ContentCoding> ALL =
            List.of(ContentCoding.ZSTD, ContentCoding.GZIP, ContentCoding.DEFLATE);

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("gzip", "gzip"),
                Arguments.of("deflate", "deflate"),
                Arguments.of("gzip, deflate", "gzip"),
                Arguments.of("deflate, gzip", "gzip"), // a tie goes to the server's first, whatever the client's order
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
        assertThat(chosen(acceptEncoding, Compression.DEFAULT_CODINGS)).isEqualTo(expected);
    }

    /** With zstd offered first (as {@code codings: zstd, gzip, deflate}): q-values first, then the server's order. */
    static Stream<Arguments> withZstd() {
        return Stream.of(
                Arguments.of("zstd", "zstd"),
                Arguments.of("ZSTD", "zstd"),
                Arguments.of("gzip, deflate, br, zstd", "zstd"), // curl --compressed: a tie, the server's first
                Arguments.of("gzip, zstd", "zstd"),
                Arguments.of("gzip", "gzip"),
                Arguments.of("*", "zstd"),
                Arguments.of("zstd;q=0, *", "gzip"),
                Arguments.of("zstd;q=0.5, gzip", "gzip"),
                Arguments.of("zstd;q=0.5, gzip;q=0.4", "zstd"),
                Arguments.of("zstd;q=0.8, gzip;q=0.8, deflate;q=0.9", "deflate"),
                Arguments.of("zstd;q=0.8, gzip;q=0.8", "zstd"),
                Arguments.of("zstd;q=0.5, identity", "identity"),
                Arguments.of("zstd;q=abc, gzip;q=0.1", "gzip"),
                Arguments.of("br, zstd;q=0", "identity"));
    }

    @ParameterizedTest(name = "zstd, gzip, deflate offered; Accept-Encoding: \"{0}\" -> {1}")
    @MethodSource("withZstd")
    void negotiatesZstdWhenOffered(String acceptEncoding, String expected) {
        assertThat(chosen(acceptEncoding, List.of(ContentCoding.ZSTD, ContentCoding.GZIP, ContentCoding.DEFLATE)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "gzip, zstd offered; Accept-Encoding: \"{0}\" -> {1}")
    @CsvSource({
        "'zstd, gzip',            gzip", // equal weights: the server's order, not the client's
        "'gzip, deflate, br, zstd', gzip",
        "'zstd;q=1, gzip;q=0.9',  zstd", // a heavier weight beats the server's order
        "'*',                     gzip",
        "'deflate',               identity" // not offered here
    })
    void theServersOrderBreaksTiesOnly(String acceptEncoding, String expected) {
        assertThat(chosen(acceptEncoding, List.of(ContentCoding.GZIP, ContentCoding.ZSTD)))
                .isEqualTo(expected);
    }

    @Test
    void zstdIsNeverChosenWhenNotOffered() {
        // what a server gets when zstd is not listed, or listed but its library is absent
        assertThat(chosen("zstd", Compression.DEFAULT_CODINGS)).isEqualTo("identity");
        assertThat(chosen("zstd, gzip;q=0.1", Compression.DEFAULT_CODINGS)).isEqualTo("gzip");
        assertThat(chosen(
                        "zstd, gzip;q=0.1",
                        Compression.defaults().withCodings(ALL).offered(false)))
                .isEqualTo("gzip");
    }

    private static String chosen(String acceptEncoding, List<ContentCoding> offered) {
        return AcceptEncoding.negotiate(HttpHeaders.of("Accept-Encoding", acceptEncoding), offered)
                .map(ContentCoding::token)
                .orElse("identity");
    }

    @Test
    void noFieldMeansPlain() {
        assertThat(AcceptEncoding.negotiate(HttpHeaders.EMPTY, Compression.DEFAULT_CODINGS))
                .isEmpty();
    }

    @Test
    void severalFieldsAreOneList() {
        HttpHeaders request = HttpHeaders.builder()
                .add("Accept-Encoding", "gzip;q=0")
                .add("Accept-Encoding", "deflate")
                .build();
        assertThat(AcceptEncoding.negotiate(request, Compression.DEFAULT_CODINGS))
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
