package org.kamaelia.http.codec.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.codec.response.ResponseGenerator.Outcome;
import org.kamaelia.http.codec.response.ResponseGenerator.State;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestTarget;
import org.kamaelia.http.message.ResponseHead;

/** The generator state by state: each state, each input, the exact bytes, the outcome and the next state. */
class ResponseGeneratorTest {
    private static final String DATE = "Date: Sun, 29 Nov 2026 12:00:00 GMT\r\n";
    private static final ResponseEncoder ENCODER = new ResponseEncoder(
            new DateCache(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC)), Optional.empty());
    private static final long UNKNOWN = ResponseGenerator.UNKNOWN_LENGTH;

    private final List<ByteChunk> written = new ArrayList<>();
    private final ResponseGenerator generator = new ResponseGenerator(ENCODER, written::add);

    static RequestHead request(String method, HttpVersion version) {
        return new RequestHead(
                method,
                new RequestTarget("/", RequestTarget.Form.ORIGIN, "", "/", "/", Optional.empty()),
                version,
                HttpHeaders.EMPTY,
                "h",
                RequestHead.BodyFraming.NONE,
                OptionalLong.empty());
    }

    private String drain() {
        StringBuilder out = new StringBuilder();
        for (ByteChunk chunk : written) {
            out.append(new String(chunk.toArray(), StandardCharsets.ISO_8859_1));
        }
        written.clear();
        return out.toString();
    }

    /** A way to bring a fresh generator into a state: the request it answers and the parts given so far. */
    record Setup(String name, RequestHead request, Consumer<ResponseGenerator> steps, State state) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One input to the generator. */
    record Input(String name, Function<ResponseGenerator, Outcome> give) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final RequestHead GET11 = request("GET", HttpVersion.HTTP_1_1);
    private static final RequestHead GET10 = request("GET", HttpVersion.HTTP_1_0);
    private static final RequestHead HEAD11 = request("HEAD", HttpVersion.HTTP_1_1);

    static final Setup START_11 = new Setup("START (GET, HTTP/1.1)", GET11, g -> {}, State.START);
    static final Setup START_10 = new Setup("START (GET, HTTP/1.0)", GET10, g -> {}, State.START);
    static final Setup START_HEAD = new Setup("START (HEAD)", HEAD11, g -> {}, State.START);
    static final Setup COMMITTED_CL = new Setup(
            "COMMITTED (Content-Length 5, 2 sent)",
            GET11,
            g -> {
                g.head(ResponseHead.status(200).contentLength(5).build(), UNKNOWN, true, null);
                g.body(ByteChunk.ascii("ab"));
            },
            State.COMMITTED);
    static final Setup COMPLETING_CL = new Setup(
            "COMPLETING (Content-Length 2, 2 sent)",
            GET11,
            g -> {
                g.head(ResponseHead.status(200).contentLength(2).build(), UNKNOWN, true, null);
                g.body(ByteChunk.ascii("ab"));
            },
            State.COMPLETING);
    static final Setup COMMITTED_CHUNKED = new Setup(
            "COMMITTED (chunked)",
            GET11,
            g -> g.head(ResponseHead.status(200).build(), UNKNOWN, true, null),
            State.COMMITTED);
    static final Setup COMMITTED_CLOSE = new Setup(
            "COMMITTED (close-delimited, HTTP/1.0)",
            GET10,
            g -> g.head(ResponseHead.status(200).build(), UNKNOWN, true, null),
            State.COMMITTED);
    static final Setup COMMITTED_HEAD = new Setup(
            "COMMITTED (HEAD, Content-Length 10)",
            HEAD11,
            g -> g.head(ResponseHead.status(200).contentLength(10).build(), UNKNOWN, true, null),
            State.COMMITTED);
    static final Setup END = new Setup(
            "END",
            GET11,
            g -> {
                g.head(ResponseHead.status(200).contentLength(0).build(), UNKNOWN, true, null);
                g.end(HttpHeaders.EMPTY);
            },
            State.END);

    static final Input HEAD_CL3 = new Input(
            "head 200, length 3",
            g -> g.head(ResponseHead.status(200).contentLength(3).build(), UNKNOWN, true, null));
    static final Input HEAD_UNKNOWN = new Input(
            "head 200, length unknown", g -> g.head(ResponseHead.status(200).build(), UNKNOWN, true, null));
    static final Input HEAD_204 =
            new Input("head 204", g -> g.head(ResponseHead.status(204).build(), UNKNOWN, true, null));
    static final Input INTERIM_103 =
            new Input("head 103", g -> g.head(ResponseHead.status(103).build(), UNKNOWN, true, null));
    static final Input CONTINUE_100 =
            new Input("head 100", g -> g.head(ResponseHead.status(100).build(), UNKNOWN, true, null));
    static final Input SWITCHING_101 =
            new Input("head 101", g -> g.head(ResponseHead.status(101).build(), UNKNOWN, true, null));
    static final Input BODY_1 = new Input("body c", g -> g.body(ByteChunk.ascii("c")));
    static final Input BODY_3 = new Input("body cde", g -> g.body(ByteChunk.ascii("cde")));
    static final Input BODY_5 = new Input("body cdefg", g -> g.body(ByteChunk.ascii("cdefg")));
    static final Input BODY_EMPTY = new Input("empty body", g -> g.body(ByteChunk.EMPTY));
    static final Input END_PLAIN = new Input("end", g -> g.end(HttpHeaders.EMPTY));
    static final Input END_TRAILERS = new Input("end with trailers", g -> g.end(HttpHeaders.of("Checksum", "x")));
    static final Input FINISHED = new Input("producer finished", ResponseGenerator::producerFinished);
    static final Input VANISHED = new Input("producer vanished", ResponseGenerator::producerVanished);

    private static Arguments row(Setup setup, Input input, String bytes, Outcome outcome, State next) {
        return Arguments.of(setup, input, bytes, outcome, next);
    }

    static Stream<Arguments> states() {
        String ok = "HTTP/1.1 200 OK\r\n" + DATE;
        return Stream.of(
                // state, input -> bytes written, outcome, next state
                row(START_11, HEAD_CL3, ok + "Content-Length: 3\r\n\r\n", Outcome.WRITTEN, State.COMMITTED),
                row(
                        START_11,
                        HEAD_UNKNOWN,
                        ok + "Transfer-Encoding: chunked\r\n\r\n",
                        Outcome.WRITTEN,
                        State.COMMITTED),
                row(
                        START_11,
                        HEAD_204,
                        "HTTP/1.1 204 No Content\r\n" + DATE + "\r\n",
                        Outcome.WRITTEN,
                        State.COMPLETING),
                row(START_11, INTERIM_103, "HTTP/1.1 103 Early Hints\r\n\r\n", Outcome.WRITTEN, State.START),
                row(START_11, CONTINUE_100, "HTTP/1.1 100 Continue\r\n\r\n", Outcome.WRITTEN, State.START),
                row(START_11, SWITCHING_101, "", Outcome.IGNORED, State.START),
                row(START_11, BODY_3, "", Outcome.BODY_BEFORE_HEAD, State.START),
                row(START_11, END_PLAIN, "", Outcome.END_BEFORE_HEAD, State.START),
                row(START_11, FINISHED, "", Outcome.END_BEFORE_HEAD, State.START),
                row(START_11, VANISHED, "", Outcome.END_BEFORE_HEAD, State.START),
                row(START_10, INTERIM_103, "", Outcome.IGNORED, State.START),
                row(START_10, CONTINUE_100, "", Outcome.IGNORED, State.START),
                row(START_10, HEAD_UNKNOWN, ok + "Connection: close\r\n\r\n", Outcome.WRITTEN, State.COMMITTED),
                row(
                        START_10,
                        HEAD_CL3,
                        ok + "Content-Length: 3\r\nConnection: keep-alive\r\n\r\n",
                        Outcome.WRITTEN,
                        State.COMMITTED),
                row(START_HEAD, HEAD_CL3, ok + "Content-Length: 3\r\n\r\n", Outcome.WRITTEN, State.COMMITTED),
                row(
                        START_HEAD,
                        HEAD_UNKNOWN,
                        ok + "Transfer-Encoding: chunked\r\n\r\n",
                        Outcome.WRITTEN,
                        State.COMMITTED),
                row(COMMITTED_CL, BODY_3, "cde", Outcome.WRITTEN, State.COMPLETING),
                row(COMMITTED_CL, BODY_1, "c", Outcome.WRITTEN, State.COMMITTED),
                row(COMMITTED_CL, BODY_5, "cde", Outcome.BODY_TOO_LONG, State.COMPLETING),
                row(COMMITTED_CL, BODY_EMPTY, "", Outcome.IGNORED, State.COMMITTED),
                row(COMMITTED_CL, END_PLAIN, "", Outcome.BODY_TOO_SHORT, State.COMMITTED),
                row(COMMITTED_CL, HEAD_CL3, "", Outcome.HEAD_AFTER_COMMIT, State.COMMITTED),
                row(COMMITTED_CL, INTERIM_103, "", Outcome.IGNORED, State.COMMITTED),
                row(COMMITTED_CL, FINISHED, "", Outcome.INCOMPLETE, State.COMMITTED),
                row(COMMITTED_CL, VANISHED, "", Outcome.INCOMPLETE, State.COMMITTED),
                row(COMPLETING_CL, BODY_1, "", Outcome.BODY_TOO_LONG, State.COMPLETING),
                row(COMPLETING_CL, BODY_EMPTY, "", Outcome.IGNORED, State.COMPLETING),
                row(COMPLETING_CL, END_PLAIN, "", Outcome.WRITTEN, State.END),
                row(COMPLETING_CL, END_TRAILERS, "", Outcome.WRITTEN, State.END),
                row(COMPLETING_CL, HEAD_CL3, "", Outcome.HEAD_AFTER_COMMIT, State.COMPLETING),
                row(COMPLETING_CL, FINISHED, "", Outcome.WRITTEN, State.END),
                row(COMPLETING_CL, VANISHED, "", Outcome.WRITTEN, State.END),
                row(COMMITTED_CHUNKED, BODY_3, "3\r\ncde\r\n", Outcome.WRITTEN, State.COMMITTED),
                row(COMMITTED_CHUNKED, BODY_EMPTY, "", Outcome.IGNORED, State.COMMITTED),
                row(COMMITTED_CHUNKED, END_PLAIN, "0\r\n\r\n", Outcome.WRITTEN, State.END),
                row(COMMITTED_CHUNKED, END_TRAILERS, "0\r\nChecksum: x\r\n\r\n", Outcome.WRITTEN, State.END),
                row(COMMITTED_CHUNKED, FINISHED, "0\r\n\r\n", Outcome.WRITTEN, State.END),
                row(COMMITTED_CHUNKED, VANISHED, "", Outcome.INCOMPLETE, State.COMMITTED),
                row(COMMITTED_CHUNKED, HEAD_UNKNOWN, "", Outcome.HEAD_AFTER_COMMIT, State.COMMITTED),
                row(COMMITTED_CLOSE, BODY_3, "cde", Outcome.WRITTEN, State.COMMITTED),
                row(COMMITTED_CLOSE, END_TRAILERS, "", Outcome.WRITTEN, State.END),
                row(COMMITTED_CLOSE, FINISHED, "", Outcome.WRITTEN, State.END),
                row(COMMITTED_CLOSE, VANISHED, "", Outcome.WRITTEN, State.END),
                row(COMMITTED_HEAD, BODY_3, "", Outcome.IGNORED, State.COMMITTED),
                row(COMMITTED_HEAD, END_PLAIN, "", Outcome.WRITTEN, State.END),
                row(COMMITTED_HEAD, VANISHED, "", Outcome.INCOMPLETE, State.COMMITTED),
                row(END, BODY_3, "", Outcome.IGNORED, State.END),
                row(END, END_PLAIN, "", Outcome.IGNORED, State.END),
                row(END, INTERIM_103, "", Outcome.IGNORED, State.END),
                row(END, HEAD_CL3, "", Outcome.HEAD_AFTER_COMMIT, State.END),
                row(END, FINISHED, "", Outcome.IGNORED, State.END),
                row(END, VANISHED, "", Outcome.IGNORED, State.END));
    }

    @ParameterizedTest(name = "{0} + {1} -> {3}, {4}")
    @MethodSource("states")
    void movesFromStateToStateWithTheExactBytes(Setup setup, Input input, String bytes, Outcome outcome, State next) {
        generator.reset(setup.request());
        setup.steps().accept(generator);
        assertThat(generator.state()).as("set up").isEqualTo(setup.state());
        written.clear();
        assertThat(input.give().apply(generator)).isEqualTo(outcome);
        assertThat(drain()).isEqualTo(bytes);
        assertThat(generator.state()).isEqualTo(next);
    }

    // The cases of the former ResponseEncoderTest.framingTable, with the length as -1 when unknown.
    static Stream<Arguments> framingTable() {
        long known = 10;
        HttpVersion v11 = HttpVersion.HTTP_1_1;
        HttpVersion v10 = HttpVersion.HTTP_1_0;
        return Stream.of(
                // version, status, length, endless -> framing
                Arguments.of(v11, 200, known, false, Framing.CONTENT_LENGTH),
                Arguments.of(v11, 200, UNKNOWN, false, Framing.CHUNKED),
                Arguments.of(v11, 200, UNKNOWN, true, Framing.CLOSE_DELIMITED),
                Arguments.of(v11, 200, known, true, Framing.CLOSE_DELIMITED),
                Arguments.of(v10, 200, known, false, Framing.CONTENT_LENGTH),
                Arguments.of(v10, 200, UNKNOWN, false, Framing.CLOSE_DELIMITED),
                Arguments.of(v10, 200, UNKNOWN, true, Framing.CLOSE_DELIMITED),
                Arguments.of(v11, 204, UNKNOWN, false, Framing.CONTENT_LENGTH),
                Arguments.of(v11, 304, UNKNOWN, true, Framing.CONTENT_LENGTH),
                Arguments.of(v10, 204, UNKNOWN, false, Framing.CONTENT_LENGTH),
                Arguments.of(v11, 100, UNKNOWN, false, Framing.CONTENT_LENGTH),
                Arguments.of(v11, 404, known, false, Framing.CONTENT_LENGTH),
                Arguments.of(v11, 500, UNKNOWN, false, Framing.CHUNKED));
    }

    @ParameterizedTest(name = "{0} {1} length={2} endless={3} -> {4}")
    @MethodSource("framingTable")
    void decidesTheFraming(HttpVersion version, int status, long length, boolean endless, Framing expected) {
        assertThat(ResponseGenerator.decide(version, status, length, endless)).isEqualTo(expected);
    }

    @Test
    void choosesContentLengthWhenTheWholeBodyIsInTheFirstBatch() {
        generator.reset(GET11);
        ResponseHead head = ResponseHead.status(200).build();
        assertThat(ResponseGenerator.framing(HttpVersion.HTTP_1_1, head, 5)).isEqualTo(Framing.CONTENT_LENGTH);
        assertThat(generator.head(head, 5, true, null)).isEqualTo(Outcome.WRITTEN);
        assertThat(drain()).isEqualTo("HTTP/1.1 200 OK\r\n" + DATE + "Content-Length: 5\r\n\r\n");
        assertThat(generator.framing()).isEqualTo(Framing.CONTENT_LENGTH);
    }

    @Test
    void anEndlessBodyIsCloseDelimitedEvenWhenTheBatchIsWhole() {
        generator.reset(GET11);
        generator.head(ResponseHead.status(200).endless().build(), 5, true, null);
        assertThat(generator.framing()).isEqualTo(Framing.CLOSE_DELIMITED);
        assertThat(generator.persistent()).isFalse();
        assertThat(drain()).endsWith("Connection: close\r\n\r\n");
    }

    @Test
    void sendsAWholeShortBodyInOnePieceWithItsHead() {
        generator.reset(GET11);
        Outcome outcome = generator.head(
                ResponseHead.status(200).contentLength(3).build(), UNKNOWN, true, ByteChunk.ascii("abc"));
        assertThat(outcome).isEqualTo(Outcome.WRITTEN_WITH_NEXT);
        assertThat(written).hasSize(1);
        assertThat(drain()).isEqualTo("HTTP/1.1 200 OK\r\n" + DATE + "Content-Length: 3\r\n\r\nabc");
        assertThat(generator.state()).isEqualTo(State.COMPLETING);
        assertThat(generator.bodyBytes()).isEqualTo(3);
    }

    @Test
    void leavesANextChunkThatIsNotTheWholeBodyOrTooLongOrForAHeadRequest() {
        int limit = ResponseGenerator.INLINE_BODY_LIMIT;
        for (Object[] c : new Object[][] {{GET11, 4, 3}, {GET11, limit + 1, limit + 1}, {HEAD11, 3, 3}}) {
            generator.reset((RequestHead) c[0]);
            ResponseHead head =
                    ResponseHead.status(200).contentLength((int) c[1]).build();
            assertThat(generator.head(head, UNKNOWN, true, ByteChunk.wrap(new byte[(int) c[2]])))
                    .isEqualTo(Outcome.WRITTEN);
            assertThat(written).hasSize(1);
            written.clear();
        }
    }

    @Test
    void persistsOnlyWhenTheCallerKeepsTheConnectionAndTheBodyDoesNotNeedTheClose() {
        generator.reset(GET11);
        generator.head(ResponseHead.status(200).build(), UNKNOWN, true, null);
        assertThat(generator.persistent()).isTrue();
        assertThat(drain()).doesNotContain("Connection:");
        generator.reset(GET11);
        generator.head(ResponseHead.status(200).build(), UNKNOWN, false, null);
        assertThat(generator.persistent()).isFalse();
        assertThat(drain()).endsWith("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        generator.reset(GET10);
        generator.head(ResponseHead.status(200).build(), UNKNOWN, true, null);
        assertThat(generator.persistent()).isFalse();
    }

    @Test
    void aWholeResponseGoesThroughEveryStateInOrderAndResetStartsOver() {
        generator.reset(GET11);
        assertThat(generator.state()).isEqualTo(State.START);
        generator.head(ResponseHead.status(100).build(), UNKNOWN, true, null);
        assertThat(generator.state()).isEqualTo(State.START);
        generator.head(ResponseHead.status(201).contentLength(4).build(), UNKNOWN, true, null);
        assertThat(generator.state()).isEqualTo(State.COMMITTED);
        assertThat(generator.status()).isEqualTo(201);
        generator.body(ByteChunk.ascii("ab"));
        assertThat(generator.state()).isEqualTo(State.COMMITTED);
        generator.body(ByteChunk.ascii("cd"));
        assertThat(generator.state()).isEqualTo(State.COMPLETING);
        generator.end(HttpHeaders.EMPTY);
        assertThat(generator.state()).isEqualTo(State.END);
        assertThat(drain())
                .isEqualTo("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n" + DATE
                        + "Content-Length: 4\r\n\r\nabcd");
        generator.reset(HEAD11);
        assertThat(generator.state()).isEqualTo(State.START);
        assertThat(generator.status()).isZero();
        assertThat(generator.framing()).isEqualTo(Framing.CONTENT_LENGTH);
        assertThat(generator.bodyBytes()).isZero();
        assertThat(generator.persistent()).isFalse();
    }

    @Test
    void describesEveryViolationAndNothingElse() {
        for (Outcome outcome : Outcome.values()) {
            assertThat(outcome.describe().isEmpty()).isEqualTo(!outcome.isViolation());
        }
    }
}
