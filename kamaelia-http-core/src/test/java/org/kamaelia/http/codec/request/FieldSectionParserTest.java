package org.kamaelia.http.codec.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestTarget;

class FieldSectionParserTest {

    /** What one parse gave: the fields (as far as they got) and the error, if any. */
    record Parsed(HttpHeaders fields, BadRequest bad) {}

    private static Parsed parse(String section, FramingFields framing) {
        byte[] bytes = section.getBytes(StandardCharsets.ISO_8859_1);
        HttpHeaders.Builder fields = HttpHeaders.builder();
        BadRequest bad = FieldSectionParser.parse(bytes, 0, bytes.length, fields, framing);
        return new Parsed(fields.build(), bad);
    }

    private static HttpHeaders fields(String section) {
        Parsed parsed = parse(section, null);
        assertThat(parsed.bad()).isNull();
        return parsed.fields();
    }

    @Test
    void readsFieldsInOrderKeepingRepeatsAndTrimmingWhitespaceAroundValues() {
        HttpHeaders fields = fields("Host: h\r\nX-A:1\r\nx-a: \t 2 \t\r\nEmpty:\r\nInner: a  b\r\n\r\n");
        assertThat(fields.fields())
                .containsExactly(
                        new HttpHeaders.Field("Host", "h"),
                        new HttpHeaders.Field("X-A", "1"),
                        new HttpHeaders.Field("x-a", "2"),
                        new HttpHeaders.Field("Empty", ""),
                        new HttpHeaders.Field("Inner", "a  b"));
    }

    @Test
    void acceptsBareLfLineEndsAndStopsAtTheEmptyLine() {
        assertThat(fields("A: 1\nB: 2\r\n\nC: 3\r\n").fields())
                .containsExactly(new HttpHeaders.Field("A", "1"), new HttpHeaders.Field("B", "2"));
    }

    @Test
    void aSectionWithoutItsEmptyLineEndsAtTheGivenEnd() {
        // As the chunked decoder passes a trailer section: its last field line, without the empty line.
        assertThat(fields("A: 1\r\nB: 2\r\n").fields()).hasSize(2);
        assertThat(fields("").isEmpty()).isTrue();
    }

    @Test
    void readsOnlyTheGivenRange() {
        byte[] bytes = "GET / HTTP/1.1\r\nA: 1\r\n\r\nB: 2\r\n".getBytes(StandardCharsets.ISO_8859_1);
        HttpHeaders.Builder fields = HttpHeaders.builder();
        assertThat(FieldSectionParser.parse(bytes, 16, 24, fields, null)).isNull();
        assertThat(fields.build().fields()).containsExactly(new HttpHeaders.Field("A", "1"));
    }

    @Test
    void commonFieldNamesAreTheSharedLiterals() {
        HttpHeaders fields = fields("Host: h\r\nContent-Length: 1\r\ncontent-type: t\r\nX-Custom: c\r\n\r\n");
        assertThat(fields.fields().get(0).name()).isSameAs("Host");
        assertThat(fields.fields().get(1).name()).isSameAs("Content-Length");
        assertThat(fields.fields().get(2).name()).isSameAs("content-type");
        assertThat(fields.fields().get(3).name()).isEqualTo("X-Custom");
        // Another spelling is kept as sent, not made the common one.
        assertThat(fields("HOST: h\r\n\r\n").fields().get(0).name()).isEqualTo("HOST");
    }

    @Test
    void tellsTheFramingFieldsOfEachFieldWhateverTheCaseOfItsName() {
        FramingFields framing = new FramingFields();
        Parsed parsed = parse("hOsT: example.org\r\ncontent-LENGTH: 3\r\n\r\n", framing);
        assertThat(parsed.bad()).isNull();
        Object target = RequestTargetParser.parse("POST", "/");
        RequestHead head =
                (RequestHead) framing.head("POST", (RequestTarget) target, HttpVersion.HTTP_1_1, parsed.fields(), 10);
        assertThat(head.authority()).isEqualTo("example.org");
        assertThat(head.contentLength()).hasValue(3);
    }

    static Stream<Arguments> badSections() {
        return Stream.of(
                Arguments.of("obs-fold", "A: 1\r\n b\r\n\r\n", "obsolete line folding"),
                Arguments.of("obs-fold with a tab", "A: 1\r\n\tb\r\n\r\n", "obsolete line folding"),
                Arguments.of("leading space on the first line", " A: 1\r\n\r\n", "obsolete line folding"),
                Arguments.of("no colon", "NoColon\r\n\r\n", "malformed header field"),
                Arguments.of("empty name", ": v\r\n\r\n", "malformed header field"),
                Arguments.of("space before the colon", "A : v\r\n\r\n", "invalid header field name"),
                Arguments.of("tab before the colon", "A\t: v\r\n\r\n", "invalid header field name"),
                Arguments.of("quote in the name", "A\"B: v\r\n\r\n", "invalid header field name"),
                Arguments.of("NUL in the value", "A: a\u0000b\r\n\r\n", "invalid character in header field value"),
                Arguments.of("bare CR in the value", "A: a\rb\r\n\r\n", "invalid character in header field value"),
                Arguments.of("DEL in the value", "A: a\u007fb\r\n\r\n", "invalid character in header field value"),
                Arguments.of("a good line, then a bad one", "A: 1\r\nB : 2\r\n\r\n", "invalid header field name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSections")
    void refusesMalformedLinesWith400(String name, String section, String reason) {
        assertThat(parse(section, null).bad()).isEqualTo(new BadRequest(400, reason));
    }

    @Test
    void keepsObsTextInValues() {
        // obs-text (0x80-0xFF) is allowed in field values (RFC 9110 section 5.5); it is kept byte for byte.
        assertThat(fields("A: caf\u00e9\r\n\r\n").first("A")).contains("caf\u00e9");
    }
}
