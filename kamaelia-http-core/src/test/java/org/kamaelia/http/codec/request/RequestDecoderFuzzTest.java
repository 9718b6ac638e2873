package org.kamaelia.http.codec.request;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.fuzz.ByteMutations;
import org.kamaelia.http.fuzz.Choices;
import org.kamaelia.http.fuzz.EscapedBytes;
import org.kamaelia.http.fuzz.HttpRequestGrammar;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;

/**
 * Fuzzes {@link RequestDecoder} with grammar-built, mutated and raw inputs. For any input the decoder must not
 * throw, must answer a bad input with a {@link BadRequest} of a 4xx or 5xx status and then decode nothing more,
 * must never deliver more body bytes than the request's framing allows, and must decode the same parts however
 * the input is split: whole, at every point (short inputs), at random points, and byte by byte.
 *
 * <p>Fuzzing runs in the build for a short while (see docs/fuzzing.md for the long run); without
 * {@code JAZZER_FUZZ} only the empty input and the saved findings run.
 */
// Covers the long run (at most 60 minutes, docs/fuzzing.md). Jazzer also gives it to libFuzzer as the limit for
// one input, so a decoder that loops forever still ends the run, if late: the limit cannot be set apart.
@Timeout(value = 75, unit = TimeUnit.MINUTES)
class RequestDecoderFuzzTest {

    // Pieces of requests for the raw-bytes mode, which libFuzzer splices into its mutations: a dictionary file,
    // since entries given inline cannot hold CR or LF.
    @FuzzTest(maxDuration = "15s")
    @DictionaryFile(resourcePath = "http1.dict")
    void decodesTheSamePartsHoweverTheInputIsSplit(FuzzedDataProvider fuzzerInput) {
        Choices data = Choices.from(fuzzerInput);
        DecoderLimits limits = data.intIn(0, 3) == 0 ? smallLimits(data) : DecoderLimits.defaults();
        byte[] input = input(data, limits);
        List<List<byte[]>> feedings = feedings(input, data);
        try {
            List<Object> whole = decode(List.of(input), limits, input);
            for (List<byte[]> pieces : feedings) {
                List<Object> other = decode(pieces, limits, input);
                if (!other.equals(whole)) {
                    throw new AssertionError("decoding differs when split into " + pieces.size() + " pieces at "
                            + Arrays.toString(cuts(pieces)) + "\n  input: " + EscapedBytes.of(input) + "\n  limits: "
                            + limits + "\n  whole: " + whole + "\n  split: " + other);
                }
            }
        } catch (RuntimeException e) {
            throw new AssertionError("the decoder threw on " + EscapedBytes.of(input) + " with " + limits, e);
        }
    }

    private static byte[] input(Choices data, DecoderLimits limits) {
        switch (data.intIn(0, 4)) {
            case 0:
                // Raw bytes: libFuzzer's own mutations, guided by coverage and the dictionary.
                return data.rest();
            case 1:
                return ByteMutations.truncate(grammar(limits).requests(data), data);
            default:
                return ByteMutations.mutate(grammar(limits).requests(data), data, 3);
        }
    }

    private static HttpRequestGrammar grammar(DecoderLimits limits) {
        return new HttpRequestGrammar(List.of("/", "/echo", "/a/b"), (int) Math.min(64, limits.maxBody() + 2));
    }

    // Small limits put every limit check within reach of short inputs, at the limit and one past it.
    private static DecoderLimits smallLimits(Choices data) {
        return new DecoderLimits(
                data.intIn(16, 200), data.intIn(2, 300), data.intIn(1, 8), data.longIn(0, 100), data.intIn(1, 40));
    }

    // Every split point now and then for short inputs (RequestDecoderTest's feedings: whole, each split, byte by
    // byte); otherwise byte by byte and two sets of random cuts. Splitting everywhere costs a decode per byte, and
    // always doing it would slow the fuzzer tenfold for what random cuts find over a million inputs anyway.
    private static List<List<byte[]>> feedings(byte[] input, Choices data) {
        if (input.length <= 64 && data.intIn(0, 15) == 0) {
            return RequestDecoderTest.feedings(new String(input, StandardCharsets.ISO_8859_1));
        }
        List<List<byte[]>> feedings = new ArrayList<>();
        feedings.add(byteByByte(input));
        for (int round = 0; round < 2; round++) {
            int[] cuts = new int[data.intIn(1, 6)];
            for (int i = 0; i < cuts.length; i++) {
                cuts[i] = data.intIn(0, input.length);
            }
            Arrays.sort(cuts);
            List<byte[]> pieces = new ArrayList<>();
            int from = 0;
            for (int cut : cuts) {
                pieces.add(Arrays.copyOfRange(input, from, cut));
                from = cut;
            }
            pieces.add(Arrays.copyOfRange(input, from, input.length));
            feedings.add(pieces);
        }
        return feedings;
    }

    private static List<byte[]> byteByByte(byte[] input) {
        List<byte[]> pieces = new ArrayList<>(input.length);
        for (byte b : input) {
            pieces.add(new byte[] {b});
        }
        return pieces;
    }

    private static int[] cuts(List<byte[]> pieces) {
        int[] cuts = new int[Math.max(0, pieces.size() - 1)];
        int at = 0;
        for (int i = 0; i < cuts.length; i++) {
            at += pieces.get(i).length;
            cuts[i] = at;
        }
        return cuts;
    }

    /** What a feeding decoded, as values: consecutive body chunks merged, since their bounds follow the split. */
    record Body(String bytes) {
        @Override
        public String toString() {
            return "Body[" + EscapedBytes.of(bytes.getBytes(StandardCharsets.ISO_8859_1)) + "]";
        }
    }

    /** A bad request, compared by status alone. */
    record Bad(int status) {}

    /**
     * Feeds {@code pieces} to a fresh decoder the way the parser does, checking the per-part invariants as it
     * goes, and returns what came out.
     */
    static List<Object> decode(List<byte[]> pieces, DecoderLimits limits, byte[] input) {
        RequestDecoder decoder = new RequestDecoder(limits);
        List<Object> parts = new ArrayList<>();
        Framing framing = new Framing(limits, input);
        StringBuilder body = null;
        int calls = 0;
        for (byte[] piece : pieces) {
            // Read-only, as the parser hands over the connection's bytes.
            ByteBuffer buffer = ByteBuffer.wrap(piece).asReadOnlyBuffer();
            for (RequestPart part; (part = decoder.next(buffer)) != null; ) {
                // Each part takes at least one byte, except a head's end of request with no body: a decoder that
                // keeps answering without reading would never end.
                if (++calls > 2 * input.length + 2) {
                    throw new AssertionError("more parts than bytes could make on " + EscapedBytes.of(input));
                }
                framing.check(part);
                if (part instanceof ByteChunk chunk) {
                    if (body == null) {
                        body = new StringBuilder();
                    }
                    body.append(new String(chunk.toArray(), StandardCharsets.ISO_8859_1));
                    continue;
                }
                if (body != null) {
                    parts.add(new Body(body.toString()));
                    body = null;
                }
                parts.add(part instanceof BadRequest bad ? new Bad(bad.status()) : part);
            }
            // As the parser does whenever its input runs out: a head or size line in progress must survive it.
            decoder.releaseIdleBuffer();
        }
        if (body != null) {
            parts.add(new Body(body.toString()));
        }
        return parts;
    }

    /** Follows the parts of one feeding and fails on the first that breaks the request stream's rules. */
    private static final class Framing {
        private final DecoderLimits limits;
        private final byte[] input;
        private RequestHead head;
        private long bodyBytes;
        private boolean failed;

        Framing(DecoderLimits limits, byte[] input) {
            this.limits = limits;
            this.input = input;
        }

        void check(RequestPart part) {
            if (failed) {
                fail("a part after a bad request: " + part);
            }
            if (part instanceof BadRequest bad) {
                if (bad.status() < 400 || bad.status() > 599) {
                    fail("a bad request with status " + bad.status());
                }
                failed = true;
            } else if (part instanceof RequestHead next) {
                if (head != null) {
                    fail("a head inside the request " + head.target().raw());
                }
                head = next;
                bodyBytes = 0;
            } else if (part instanceof ByteChunk chunk) {
                if (head == null) {
                    fail("body bytes outside a request");
                }
                bodyBytes += chunk.length();
                long allowed = switch (head.body()) {
                    case NONE -> 0;
                    case CONTENT_LENGTH -> head.contentLength().orElseThrow();
                    case CHUNKED -> limits.maxBody();
                };
                if (bodyBytes > allowed) {
                    fail(bodyBytes + " body bytes for " + head.body() + " framing allowing " + allowed);
                }
            } else if (part instanceof EndOfRequest) {
                if (head == null) {
                    fail("an end of request outside a request");
                }
                if (head.body() == RequestHead.BodyFraming.CONTENT_LENGTH
                        && bodyBytes != head.contentLength().orElseThrow()) {
                    fail("the request ended after " + bodyBytes + " of " + head.contentLength() + " body bytes");
                }
                head = null;
            }
        }

        private void fail(String what) {
            throw new AssertionError(what + "\n  input: " + EscapedBytes.of(input) + "\n  limits: " + limits);
        }
    }
}
