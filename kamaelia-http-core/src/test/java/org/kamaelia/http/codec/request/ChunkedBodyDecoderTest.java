package org.kamaelia.http.codec.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.codec.request.RequestDecoder.State;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.RequestPart;

class ChunkedBodyDecoderTest {

    /** What a body decoded to: its bytes, its end (or null), its bad request (or null), the bytes left over. */
    record Decoded(String body, EndOfRequest end, BadRequest bad, String left) {}

    private static final DecoderLimits LIMITS = DecoderLimits.defaults();

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)).asReadOnlyBuffer();
    }

    private static Decoded decode(String input, int pieceSize, DecoderLimits limits) {
        ChunkedBodyDecoder decoder = new ChunkedBodyDecoder(limits);
        decoder.start();
        StringBuilder body = new StringBuilder();
        StringBuilder left = new StringBuilder();
        EndOfRequest end = null;
        BadRequest bad = null;
        for (int from = 0; from < input.length(); from += pieceSize) {
            ByteBuffer piece = bytes(input.substring(from, Math.min(input.length(), from + pieceSize)));
            while (end == null && bad == null) {
                RequestPart part = decoder.next(piece);
                if (part == null) {
                    break;
                } else if (part instanceof ByteChunk chunk) {
                    body.append(chunk.utf8());
                } else if (part instanceof EndOfRequest e) {
                    end = e;
                } else if (part instanceof BadRequest b) {
                    bad = b;
                }
            }
            decoder.releaseIdleBuffer();
            left.append(StandardCharsets.ISO_8859_1.decode(piece));
        }
        return new Decoded(body.toString(), end, bad, left.toString());
    }

    // Whole, in pieces of two and seven bytes, and a byte at a time: the same result every way.
    private static Decoded decodeEveryWay(String input, DecoderLimits limits) {
        Decoded whole = decode(input, Math.max(1, input.length()), limits);
        for (int pieceSize : new int[] {1, 2, 7}) {
            assertThat(decode(input, pieceSize, limits))
                    .as("in pieces of %d", pieceSize)
                    .isEqualTo(whole);
        }
        return whole;
    }

    private static Decoded decodeEveryWay(String input) {
        return decodeEveryWay(input, LIMITS);
    }

    @Test
    void decodesChunksUpToTheLastAndLeavesWhatFollows() {
        Decoded d = decodeEveryWay("5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\n\r\nGET / HTTP/1.1");
        assertThat(d.body()).isEqualTo("hello 0123456789");
        assertThat(d.end()).isSameAs(EndOfRequest.INSTANCE);
        assertThat(d.bad()).isNull();
        assertThat(d.left()).isEqualTo("GET / HTTP/1.1");
    }

    @Test
    void readsSizesInHexOfEitherCaseAndLeadingZeros() {
        String sixteen = "0123456789abcdef";
        assertThat(decodeEveryWay("10\r\n" + sixteen + "\r\n0\r\n\r\n").body()).isEqualTo(sixteen);
        assertThat(decodeEveryWay("0000F\r\n" + sixteen.substring(1) + "\r\n000\r\n\r\n")
                        .body())
                .isEqualTo(sixteen.substring(1));
    }

    @Test
    void acceptsAndIgnoresExtensionsWithWhitespaceBeforeTheSemicolon() {
        Decoded d = decodeEveryWay("3 \t;a=b;c=\"d e\"\r\nabc\r\n0;last\r\n\r\n");
        assertThat(d.bad()).isNull();
        assertThat(d.body()).isEqualTo("abc");
    }

    @Test
    void endsWithTheTrailersAfterTheLastChunk() {
        Decoded d = decodeEveryWay("3\r\nabc\r\n0\r\nChecksum: 1\r\nX-B:  2 \r\n\r\n");
        assertThat(d.end().trailers().first("Checksum")).contains("1");
        assertThat(d.end().trailers().first("X-B")).contains("2");
    }

    @Test
    void movesThroughItsStatesStepByStep() {
        ChunkedBodyDecoder decoder = new ChunkedBodyDecoder(LIMITS);
        assertThat(decoder.state()).isEqualTo(State.HEAD);
        decoder.start();
        assertThat(decoder.state()).isEqualTo(State.CHUNK_SIZE);
        assertThat(decoder.next(bytes("2\r"))).isNull();
        assertThat(decoder.state()).isEqualTo(State.CHUNK_SIZE);
        assertThat(decoder.next(bytes("\n"))).isNull();
        assertThat(decoder.state()).isEqualTo(State.CHUNK_DATA);
        assertThat(decoder.next(bytes("a"))).isInstanceOf(ByteChunk.class);
        assertThat(decoder.state()).isEqualTo(State.CHUNK_DATA);
        assertThat(decoder.next(bytes("b"))).isInstanceOf(ByteChunk.class);
        assertThat(decoder.state()).isEqualTo(State.CHUNK_DATA_END);
        assertThat(decoder.next(bytes("\r\n"))).isNull();
        assertThat(decoder.state()).isEqualTo(State.CHUNK_SIZE);
        assertThat(decoder.next(bytes("0\r\n"))).isNull();
        assertThat(decoder.state()).isEqualTo(State.TRAILERS);
        assertThat(decoder.next(bytes("\r\n"))).isSameAs(EndOfRequest.INSTANCE);
        assertThat(decoder.state()).isEqualTo(State.HEAD);
        // Ended: it takes nothing more until the next body starts.
        ByteBuffer next = bytes("5\r\n");
        assertThat(decoder.next(next)).isNull();
        assertThat(next.remaining()).isEqualTo(3);
    }

    @Test
    void aChunkSpanningManyInputsComesAsOneChunkPerInput() {
        ChunkedBodyDecoder decoder = new ChunkedBodyDecoder(LIMITS);
        decoder.start();
        assertThat(decoder.next(bytes("6\r\nab"))).isInstanceOf(ByteChunk.class);
        ByteBuffer rest = bytes("cdef\r\n0\r\n\r\n");
        RequestPart chunk = decoder.next(rest);
        assertThat(((ByteChunk) chunk).utf8()).isEqualTo("cdef");
        assertThat(decoder.next(rest)).isSameAs(EndOfRequest.INSTANCE);
    }

    @Test
    void startingAgainForgetsThePreviousBodysTotal() {
        DecoderLimits limits = LIMITS.withMaxBody(4);
        ChunkedBodyDecoder decoder = new ChunkedBodyDecoder(limits);
        for (int body = 0; body < 3; body++) {
            decoder.start();
            ByteBuffer input = bytes("4\r\nabcd\r\n0\r\n\r\n");
            assertThat(decoder.next(input)).isInstanceOf(ByteChunk.class);
            assertThat(decoder.next(input)).isSameAs(EndOfRequest.INSTANCE);
        }
    }

    @Test
    void theWholeBodyMayReachTheLimitButNotPassIt() {
        DecoderLimits limits = LIMITS.withMaxBody(10);
        assertThat(decodeEveryWay("5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n", limits)
                        .body())
                .isEqualTo("0123456789");
        Decoded over = decodeEveryWay("5\r\n01234\r\n6\r\n567890\r\n0\r\n\r\n", limits);
        assertThat(over.bad()).isEqualTo(new BadRequest(413, "body too large"));
        assertThat(over.body()).isEqualTo("01234");
    }

    @Test
    void aHugeSizeAfterSomeBodyDoesNotWrapTheLimitCheck() {
        // bodyTotal + size would wrap negative here; the check compares size with what is left of the limit.
        DecoderLimits limits = LIMITS.withMaxBody(10);
        Decoded d = decodeEveryWay("1\r\na\r\n7fffffffffffffff\r\n" + "x".repeat(100), limits);
        assertThat(d.bad()).isEqualTo(new BadRequest(413, "body too large"));
        assertThat(d.body()).isEqualTo("a");
        // Sixteen hex digits can make the size itself negative.
        assertThat(decodeEveryWay("ffffffffffffffff\r\n", limits).bad())
                .isEqualTo(new BadRequest(413, "body too large"));
        assertThat(decodeEveryWay("10000000000000000\r\n", limits).bad())
                .isEqualTo(new BadRequest(400, "chunk size too large"));
    }

    @Test
    void aSizeLineMayReachItsLimitButNotPassIt() {
        DecoderLimits limits = new DecoderLimits(8192, 16384, 100, 1 << 20, 10);
        assertThat(decodeEveryWay("3;abcdefgh\r\nabc\r\n0\r\n\r\n", limits).bad())
                .isNull();
        assertThat(decodeEveryWay("3;abcdefghi\r\nabc\r\n0\r\n\r\n", limits).bad())
                .isEqualTo(new BadRequest(400, "chunk-size line too long"));
        // An endless size line is refused without waiting for its end.
        assertThat(decode("3;" + "a".repeat(100), 100, limits).bad())
                .isEqualTo(new BadRequest(400, "chunk-size line too long"));
    }

    @Test
    void trailersMayReachTheFieldLimitsButNotPassThem() {
        DecoderLimits limits = LIMITS.withFieldLimits(20, 2);
        assertThat(decodeEveryWay("0\r\nA: 1\r\nB: 2\r\n\r\n", limits)
                        .end()
                        .trailers()
                        .size())
                .isEqualTo(2);
        assertThat(decodeEveryWay("0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits).bad())
                .isEqualTo(new BadRequest(431, "too many trailer fields"));
        // What is gathered before a line's LF may reach the limit plus the two bytes of a line end: the field lines
        // with their CRLFs and the closing CR. So 21 bytes of field lines pass and 22 do not, one byte more than
        // a head's field section may have (as the decoder always counted).
        assertThat(decodeEveryWay("0\r\nA: 1234567890123456\r\n\r\n", limits).bad())
                .isNull();
        assertThat(decodeEveryWay("0\r\nA: 12345678901234567\r\n\r\n", limits).bad())
                .isEqualTo(new BadRequest(431, "trailer section too large"));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("empty size", "\r\n", "invalid chunk size"),
                Arguments.of("size not hex", "zz\r\n", "invalid chunk size"),
                Arguments.of("0x prefix", "0x3\r\nabc\r\n", "invalid chunk size"),
                Arguments.of("negative size", "-3\r\nabc\r\n", "invalid chunk size"),
                Arguments.of("space inside the size", "1 0\r\n", "invalid chunk size"),
                Arguments.of("only whitespace after the size", "3 \r\n", "invalid chunk size"),
                Arguments.of("bare LF after the size", "3\nabc\r\n", "chunk-size line must end in CRLF"),
                Arguments.of("bare CR in the size line", "3\rx\r\n", "bare CR in chunk-size line"),
                Arguments.of("control in an extension", "3;a\u0001\r\nabc\r\n", "invalid chunk extension"),
                Arguments.of("DEL in an extension", "3;a\u007f\r\nabc\r\n", "invalid chunk extension"),
                Arguments.of("data longer than its size", "3\r\nabcd\r\n", "chunk data must be followed by CRLF"),
                Arguments.of("bare LF after data", "3\r\nabc\n0\r\n\r\n", "chunk data must be followed by CRLF"),
                Arguments.of("CR then not LF after data", "3\r\nabc\rx", "chunk data must be followed by CRLF"),
                Arguments.of("bare LF in the trailers", "0\r\nA: 1\n\r\n", "trailer line must end in CRLF"),
                Arguments.of("bare LF ending the trailers", "0\r\n\n", "trailer line must end in CRLF"),
                Arguments.of("bare CR in the trailers", "0\r\nA: 1\rB\r\n\r\n", "bare CR in trailer section"),
                Arguments.of("obs-fold in the trailers", "0\r\nA: b\r\n c\r\n\r\n", "obsolete line folding"),
                Arguments.of("bad trailer name", "0\r\nA B: c\r\n\r\n", "invalid header field name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void refusesMalformedFramingWith400(String name, String input, String reason) {
        assertThat(decodeEveryWay(input).bad()).isEqualTo(new BadRequest(400, reason));
    }

    @Test
    void failedItDecodesNothingMore() {
        ChunkedBodyDecoder decoder = new ChunkedBodyDecoder(LIMITS);
        decoder.start();
        ByteBuffer input = bytes("zz\r\n3\r\nabc\r\n");
        assertThat(decoder.next(input)).isInstanceOf(BadRequest.class);
        assertThat(decoder.state()).isEqualTo(State.FAILED);
        assertThat(decoder.next(input)).isNull();
    }

    @Test
    void keepsAHalfReadSizeLineWhenAskedToLetGoOfItsBuffer() {
        ChunkedBodyDecoder decoder = new ChunkedBodyDecoder(LIMITS);
        decoder.start();
        assertThat(decoder.next(bytes("1"))).isNull();
        decoder.releaseIdleBuffer();
        assertThat(decoder.next(bytes("0\r\n"))).isNull();
        assertThat(decoder.state()).isEqualTo(State.CHUNK_DATA);
        ByteBuffer data = bytes("0123456789abcdef");
        assertThat(((ByteChunk) decoder.next(data)).length()).isEqualTo(16);
    }
}
