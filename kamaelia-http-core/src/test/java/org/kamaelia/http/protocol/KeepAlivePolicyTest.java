package org.kamaelia.http.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestTarget;

/** Every term of the keep-alive decision, one row each, against a baseline that keeps the connection. */
class KeepAlivePolicyTest {
    private static final KeepAlive ON = new KeepAlive(true, 3, 100);
    private static final KeepAlive OFF = new KeepAlive(false, 3, 100);
    private static final Framing CL = Framing.CONTENT_LENGTH;

    static RequestHead request(HttpVersion version, String connection) {
        return new RequestHead(
                "GET",
                new RequestTarget("/", RequestTarget.Form.ORIGIN, "", "/", "/", Optional.empty()),
                version,
                connection.isEmpty() ? HttpHeaders.EMPTY : HttpHeaders.of("Connection", connection),
                "h",
                RequestHead.BodyFraming.NONE,
                OptionalLong.empty());
    }

    static final RequestHead V11_FOR_TESTS = request(HttpVersion.HTTP_1_1, "");
    private static final RequestHead V11 = V11_FOR_TESTS;

    static Stream<Arguments> table() {
        return Stream.of(
                // config, request, framing, served before, input ended, body withheld, must close -> keep open
                Arguments.of("baseline", ON, V11, CL, 0, false, false, false, true),
                Arguments.of("chunked keeps it too", ON, V11, Framing.CHUNKED, 0, false, false, false, true),
                Arguments.of("reuse disabled", OFF, V11, CL, 0, false, false, false, false),
                Arguments.of(
                        "Connection: close on 1.1",
                        ON,
                        request(HttpVersion.HTTP_1_1, "close"),
                        CL,
                        0,
                        false,
                        false,
                        false,
                        false),
                Arguments.of(
                        "HTTP/1.0 without keep-alive",
                        ON,
                        request(HttpVersion.HTTP_1_0, ""),
                        CL,
                        0,
                        false,
                        false,
                        false,
                        false),
                Arguments.of(
                        "HTTP/1.0 with keep-alive",
                        ON,
                        request(HttpVersion.HTTP_1_0, "keep-alive"),
                        CL,
                        0,
                        false,
                        false,
                        false,
                        true),
                Arguments.of("close-delimited body", ON, V11, Framing.CLOSE_DELIMITED, 0, false, false, false, false),
                Arguments.of("below the request limit", ON, V11, CL, 1, false, false, false, true),
                Arguments.of("the last request allowed", ON, V11, CL, 2, false, false, false, false),
                Arguments.of("client half-closed", ON, V11, CL, 0, true, false, false, false),
                Arguments.of("body withheld for 100-continue", ON, V11, CL, 0, false, true, false, false),
                Arguments.of("exchange must close", ON, V11, CL, 0, false, false, true, false));
    }

    @ParameterizedTest(name = "{0} -> {8}")
    @MethodSource("table")
    void weighsEveryTerm(
            String name,
            KeepAlive config,
            RequestHead request,
            Framing framing,
            int served,
            boolean inputEnded,
            boolean withheld,
            boolean mustClose,
            boolean expected) {
        assertThat(KeepAlivePolicy.keepOpen(config, request, framing, served, inputEnded, withheld, mustClose))
                .isEqualTo(expected);
    }

    @Test
    void drainsUpToTheLimitAndNoFurther() {
        assertThat(KeepAlivePolicy.mayDrain(ON, 0)).isTrue();
        assertThat(KeepAlivePolicy.mayDrain(ON, 100)).isTrue();
        assertThat(KeepAlivePolicy.mayDrain(ON, 101)).isFalse();
    }
}
