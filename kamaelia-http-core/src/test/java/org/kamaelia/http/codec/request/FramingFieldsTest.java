package org.kamaelia.http.codec.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.RequestTarget;

class FramingFieldsTest {

    private static final long MAX_BODY = 100;

    // As the decoder does: each field noted as it is parsed, then the head judged.
    private static RequestPart judge(HttpVersion version, String target, String... namesAndValues) {
        FramingFields framing = new FramingFields();
        HttpHeaders.Builder fields = HttpHeaders.builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(namesAndValues[i], namesAndValues[i + 1]);
            framing.note(namesAndValues[i], namesAndValues[i + 1]);
        }
        String method = target.contains("://") || target.startsWith("/") ? "POST" : "CONNECT";
        RequestTarget parsed = (RequestTarget) RequestTargetParser.parse(method, target);
        return framing.head(method, parsed, version, fields.build(), MAX_BODY);
    }

    private static RequestHead head(String... namesAndValues) {
        RequestPart part = judge(HttpVersion.HTTP_1_1, "/", namesAndValues);
        assertThat(part).isInstanceOf(RequestHead.class);
        return (RequestHead) part;
    }

    @Test
    void noFramingFieldMeansNoBody() {
        RequestHead head = head("Host", "h");
        assertThat(head.body()).isEqualTo(RequestHead.BodyFraming.NONE);
        assertThat(head.contentLength()).isEmpty();
    }

    @Test
    void aContentLengthIsTheBodyLengthUpToTheLimit() {
        RequestHead head = head("Host", "h", "Content-Length", "100");
        assertThat(head.body()).isEqualTo(RequestHead.BodyFraming.CONTENT_LENGTH);
        assertThat(head.contentLength()).hasValue(100);
        assertThat(judge(HttpVersion.HTTP_1_1, "/", "Host", "h", "Content-Length", "101"))
                .isEqualTo(new BadRequest(413, "body too large"));
    }

    @Test
    void identicalContentLengthsInAListOrInSeveralFieldsAreOneLength() {
        assertThat(head("Host", "h", "Content-Length", "7, 7", "content-length", "7")
                        .contentLength())
                .hasValue(7);
    }

    @Test
    void chunkedLastAndOnceMeansAChunkedBody() {
        assertThat(head("Host", "h", "Transfer-Encoding", "chunked").body()).isEqualTo(RequestHead.BodyFraming.CHUNKED);
        assertThat(head("Host", "h", "Transfer-Encoding", " Chunked ").body())
                .isEqualTo(RequestHead.BodyFraming.CHUNKED);
        assertThat(head("Host", "h", "transfer-encoding", "chunked;x=1").body())
                .isEqualTo(RequestHead.BodyFraming.CHUNKED);
    }

    @Test
    void hostIsTheAuthorityUnlessTheTargetNamesOne() {
        assertThat(head("Host", "example.org:8080").authority()).isEqualTo("example.org:8080");
        RequestPart absolute = judge(HttpVersion.HTTP_1_1, "http://other.org/x", "Host", "example.org");
        assertThat(((RequestHead) absolute).authority()).isEqualTo("other.org");
        RequestPart connect = judge(HttpVersion.HTTP_1_1, "other.org:443", "Host", "example.org");
        assertThat(((RequestHead) connect).authority()).isEqualTo("other.org:443");
    }

    @Test
    void http10MayLeaveHostOut() {
        RequestPart part = judge(HttpVersion.HTTP_1_0, "/");
        assertThat(part).isInstanceOf(RequestHead.class);
        assertThat(((RequestHead) part).authority()).isEmpty();
    }

    @Test
    void resetForgetsThePreviousHead() {
        FramingFields framing = new FramingFields();
        framing.note("Host", "a");
        framing.note("Transfer-Encoding", "chunked");
        framing.reset();
        framing.note("Host", "b");
        RequestTarget root = (RequestTarget) RequestTargetParser.parse("GET", "/");
        RequestPart part = framing.head("GET", root, HttpVersion.HTTP_1_1, HttpHeaders.of("Host", "b"), MAX_BODY);
        assertThat(((RequestHead) part).authority()).isEqualTo("b");
        assertThat(((RequestHead) part).body()).isEqualTo(RequestHead.BodyFraming.NONE);
    }

    static Stream<Arguments> refused() {
        HttpVersion v11 = HttpVersion.HTTP_1_1;
        HttpVersion v10 = HttpVersion.HTTP_1_0;
        String te = "Transfer-Encoding";
        String cl = "Content-Length";
        return Stream.of(
                Arguments.of(v11, new String[] {}, 400, "missing Host field"),
                Arguments.of(v11, new String[] {"Host", "a", "host", "a"}, 400, "more than one Host field"),
                Arguments.of(v10, new String[] {"Host", "a", "Host", "b"}, 400, "more than one Host field"),
                Arguments.of(v11, new String[] {"Host", "a b"}, 400, "invalid Host field"),
                Arguments.of(v11, new String[] {"Host", "a, b"}, 400, "invalid Host field"),
                Arguments.of(
                        v11,
                        new String[] {"Host", "h", te, "chunked", cl, "3"},
                        400,
                        "both Transfer-Encoding and Content-Length"),
                Arguments.of(
                        v11,
                        new String[] {"Host", "h", cl, "3", te, "chunked"},
                        400,
                        "both Transfer-Encoding and Content-Length"),
                Arguments.of(v10, new String[] {te, "chunked"}, 400, "Transfer-Encoding in an HTTP/1.0 request"),
                Arguments.of(v11, new String[] {"Host", "h", te, "gzip, chunked"}, 501, "unsupported transfer coding"),
                Arguments.of(v11, new String[] {"Host", "h", te, "chunked, gzip"}, 501, "unsupported transfer coding"),
                Arguments.of(
                        v11,
                        new String[] {"Host", "h", te, "chunked, chunked"},
                        400,
                        "chunked must be the final transfer coding, once"),
                Arguments.of(
                        v11,
                        new String[] {"Host", "h", te, "chunked", te, "chunked"},
                        400,
                        "chunked must be the final transfer coding, once"),
                Arguments.of(v11, new String[] {"Host", "h", te, ""}, 400, "invalid Transfer-Encoding"),
                Arguments.of(v11, new String[] {"Host", "h", te, "chunked,"}, 400, "invalid Transfer-Encoding"),
                Arguments.of(v11, new String[] {"Host", "h", te, "chun ked"}, 400, "invalid Transfer-Encoding"),
                Arguments.of(v11, new String[] {"Host", "h", cl, ""}, 400, "invalid Content-Length"),
                Arguments.of(v11, new String[] {"Host", "h", cl, "-1"}, 400, "invalid Content-Length"),
                Arguments.of(v11, new String[] {"Host", "h", cl, "1,"}, 400, "invalid Content-Length"),
                Arguments.of(
                        v11, new String[] {"Host", "h", cl, "99999999999999999999"}, 400, "invalid Content-Length"),
                Arguments.of(v11, new String[] {"Host", "h", cl, "1, 2"}, 400, "conflicting Content-Length values"),
                Arguments.of(
                        v11, new String[] {"Host", "h", cl, "1", cl, "2"}, 400, "conflicting Content-Length values"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("refused")
    void refusesFramingThatTwoReadersCouldReadTwoWays(HttpVersion version, String[] fields, int status, String reason) {
        assertThat(judge(version, "/", fields)).isEqualTo(new BadRequest(status, reason));
    }
}
