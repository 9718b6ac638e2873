package org.kamaelia.http.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kamaelia.http.component.ComponentHarness;
import org.kamaelia.http.component.ComponentState;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.HandlerExchange;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.message.ResponsePart;

/** The compressor's decisions and its stream, on a harness loop: no socket. */
class ResponseCompressorTest {
    private static final String GET_GZIP = "GET /x HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n";
    private static final String GET_ZSTD = "GET /x HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip, zstd\r\n\r\n";
    private static final List<ContentCoding> ZSTD_FIRST =
            List.of(ContentCoding.ZSTD, ContentCoding.GZIP, ContentCoding.DEFLATE);
    private static final String GET_PLAIN = "GET /x HTTP/1.1\r\nHost: h\r\n\r\n";
    private static final byte[] BIG =
            "All work and no play makes Jack a dull boy. ".repeat(200).getBytes(StandardCharsets.UTF_8);

    private final ComponentHarness harness = new ComponentHarness();

    /** Sends its script in one reaction when the request head comes; the test may send more later. */
    static class Scripted extends HandlerComponent {
        private final List<ResponsePart> script;

        Scripted(List<ResponsePart> script) {
            this.script = script;
        }

        void send(ResponsePart part) {
            outbox.sendCompleting(part);
        }

        void signalDone() {
            signal.send(ProducerFinished.INSTANCE);
        }

        void end() {
            finish();
        }

        @Override
        protected void react() {
            if (inbox.poll() instanceof RequestHead) {
                script.forEach(outbox::sendCompleting);
            }
            inbox.clear();
            control.clear();
        }
    }

    /** One exchange through a compressing handler: what came out, the signals, and the parts. */
    final class Run {
        final Scripted handler;
        final HandlerComponent composite;
        final ComponentHarness.Collector<ResponsePart> out;
        final ComponentHarness.Collector<Signal> signals;
        final List<ResponsePart> parts = new ArrayList<>();

        Run(Compression compression, String request, List<ResponsePart> script) {
            handler = new Scripted(script);
            RequestHead head = HandlerExchange.head(request);
            composite = compression.applyTo(h -> handler).create(head);
            out = harness.collect(composite.outbox);
            signals = harness.collect(composite.signal);
            harness.start(composite);
            harness.send(composite.inbox, head);
            harness.send(composite.inbox, EndOfRequest.INSTANCE);
            collect();
        }

        List<ResponsePart> collect() {
            harness.runUntilIdle();
            List<ResponsePart> drained = out.drain();
            if (parts.isEmpty()) {
                rewriteFinalHead(drained);
            }
            parts.addAll(drained);
            return parts;
        }

        /**
         * What the engine does with a handler given a {@link org.kamaelia.http.handler.ResponseHeadRewrite} (a
         * client that accepts no coding gets no compressor): the final head rewritten as it is committed, told the
         * declared length or else the whole body's when it waits with the head.
         */
        private void rewriteFinalHead(List<ResponsePart> drained) {
            for (int i = 0; i < drained.size(); i++) {
                if (drained.get(i) instanceof ResponseHead head && !head.isInterim()) {
                    long whole = 0;
                    boolean ended = false;
                    for (ResponsePart after : drained.subList(i + 1, drained.size())) {
                        if (after instanceof ByteChunk chunk) {
                            whole += chunk.length();
                        } else {
                            ended = after instanceof EndOfResponse;
                            break;
                        }
                    }
                    long length = head.contentLength().orElse(ended ? whole : -1);
                    drained.set(i, composite.responseHeadRewrite().rewrite(head, length));
                    return;
                }
            }
        }

        ResponseHead head() {
            return (ResponseHead) parts.get(0);
        }

        String field(String name) {
            return head().headers().first(name).orElse(null);
        }

        byte[] body() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            parts.stream()
                    .filter(ByteChunk.class::isInstance)
                    .forEach(p -> bytes.writeBytes(((ByteChunk) p).toArray()));
            return bytes.toByteArray();
        }

        byte[] decodedBody() throws IOException {
            String coding = field("Content-Encoding");
            return coding == null ? body() : Decoders.decode(ContentCoding.named(coding), body());
        }

        boolean ended() {
            return parts.get(parts.size() - 1) instanceof EndOfResponse;
        }
    }

    private Run run(String request, ResponseHead head, byte[] body) {
        return new Run(Compression.defaults(), request, List.of(head, ByteChunk.wrap(body), EndOfResponse.INSTANCE));
    }

    private static ResponseHead.Builder ok(String type) {
        return ResponseHead.status(200).header("Content-Type", type);
    }

    @Test
    void aWholeBodyIsCompressedInOneGoAndKeepsALength() throws IOException {
        Run r = run(
                GET_GZIP,
                ok("text/plain; charset=utf-8").contentLength(BIG.length).build(),
                BIG);
        assertThat(r.field("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.field("Vary")).isEqualTo("Accept-Encoding");
        assertThat(r.parts).hasSize(3);
        assertThat(r.head().contentLength()).hasValue(r.body().length);
        assertThat(r.body().length).isLessThan(BIG.length / 10);
        assertThat(r.decodedBody()).isEqualTo(BIG);
        assertThat(r.ended()).isTrue();
    }

    @Test
    void aWholeBodyWithoutADeclaredLengthGetsOne() throws IOException {
        Run r = run(
                "GET /x HTTP/1.1\r\nHost: h\r\nAccept-Encoding: deflate\r\n\r\n",
                ok("application/json").build(),
                BIG);
        assertThat(r.field("Content-Encoding")).isEqualTo("deflate");
        assertThat(r.head().contentLength()).hasValue(r.body().length);
        assertThat(r.decodedBody()).isEqualTo(BIG);
    }

    @Test
    void aStreamedBodyIsCompressedPartByPartWithoutALength() throws IOException {
        Run r = new Run(
                Compression.defaults(),
                GET_GZIP,
                List.of(ok("text/event-stream").build())); // not a default type: listed below
        assertThat(r.field("Content-Encoding")).isNull(); // text/event-stream is not in Boot's default list

        Compression sse = Compression.defaults().withMimeTypes(List.of("text/event-stream"));
        Run s = new Run(
                sse,
                GET_GZIP,
                List.of(ok("text/event-stream").contentLength(100_000).build()));
        assertThat(s.field("Content-Encoding")).isEqualTo("gzip");
        assertThat(s.head().contentLength()).isEmpty(); // the framing is the generator's: chunked or close
        for (int i = 0; i < 3; i++) {
            s.handler.send(ByteChunk.utf8("data: " + i + "\n\n"));
            int before = s.parts.size();
            s.collect();
            assertThat(s.parts).hasSize(before + 1); // at once, one coded chunk per part
        }
        s.handler.send(EndOfResponse.INSTANCE);
        s.collect();
        assertThat(s.ended()).isTrue();
        assertThat(new String(s.decodedBody(), StandardCharsets.UTF_8)).isEqualTo("data: 0\n\ndata: 1\n\ndata: 2\n\n");
        assertThat(s.handler.state()).isEqualTo(ComponentState.RUNNING);
    }

    @Test
    void clientsThatDoNotAcceptCodingsGetThePlainBodyAndVary() {
        Run r = run(GET_PLAIN, ok("text/html").header("ETag", "\"v1\"").build(), BIG);
        assertThat(r.field("Content-Encoding")).isNull();
        assertThat(r.field("Vary")).isEqualTo("Accept-Encoding");
        assertThat(r.field("ETag")).isEqualTo("\"v1\""); // unchanged bytes keep their strong tag
        assertThat(r.body()).isEqualTo(BIG);
        Run refusing = run(
                "GET /x HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip;q=0, deflate;q=0\r\n\r\n",
                ok("text/html").build(),
                BIG);
        assertThat(refusing.field("Content-Encoding")).isNull();
        assertThat(refusing.field("Vary")).isEqualTo("Accept-Encoding");
    }

    @Test
    void strongETagsBecomeWeakAndWeakOnesStay() {
        Run strong = run(GET_GZIP, ok("text/css").header("ETag", "\"abc\"").build(), BIG);
        assertThat(strong.field("ETag")).isEqualTo("W/\"abc\"");
        Run weak = run(GET_GZIP, ok("text/css").header("ETag", "W/\"abc\"").build(), BIG);
        assertThat(weak.field("ETag")).isEqualTo("W/\"abc\"");
    }

    @Test
    void varyIsMergedNotRepeated() {
        Run other = run(GET_GZIP, ok("text/css").header("Vary", "Origin").build(), BIG);
        assertThat(other.head().headers().all("Vary")).containsExactly("Origin, Accept-Encoding");
        Run already =
                run(GET_GZIP, ok("text/css").header("Vary", "accept-encoding").build(), BIG);
        assertThat(already.head().headers().all("Vary")).containsExactly("accept-encoding");
        Run star = run(GET_GZIP, ok("text/css").header("Vary", "*").build(), BIG);
        assertThat(star.head().headers().all("Vary")).containsExactly("*");
    }

    @Test
    void rangesAreNotOfferedOnACodedBody() {
        Run r = run(GET_GZIP, ok("text/plain").header("Accept-Ranges", "bytes").build(), BIG);
        assertThat(r.field("Accept-Ranges")).isNull();
    }

    @ParameterizedTest(name = "status {0} is sent as it is")
    @ValueSource(ints = {204, 206, 304})
    void statusesWithoutACodableBodyPassUntouched(int status) {
        ResponseHead head = ResponseHead.status(status)
                .header("Content-Type", "text/plain")
                .header("ETag", "\"e\"")
                .build();
        Run r = run(GET_GZIP, head, status == 206 ? BIG : new byte[0]);
        assertThat(r.head()).isSameAs(head);
    }

    @Test
    void exclusionsPassTheResponseUntouched() {
        List<ResponseHead> untouched = List.of(
                ok("text/plain").header("Cache-Control", "public, No-Transform").build(),
                ok("text/plain").header("Content-Encoding", "gzip").build(), // a precompressed file
                ok("text/plain").header("Content-Encoding", "identity").build(),
                ok("image/png").build(),
                ResponseHead.status(200).build(), // no type at all
                ok("application/octet-stream").build());
        for (ResponseHead head : untouched) {
            Run r = run(GET_GZIP, head, BIG);
            assertThat(r.head()).as(head.toString()).isSameAs(head);
            assertThat(r.body()).isEqualTo(BIG);
        }
    }

    @Test
    void smallBodiesAreSentAsTheyAre() {
        byte[] small = new byte[Math.toIntExact(Compression.DEFAULT_MIN_RESPONSE_SIZE - 1)];
        ResponseHead declared = ok("text/plain").contentLength(small.length).build();
        assertThat(run(GET_GZIP, declared, small).head()).isSameAs(declared);
        ResponseHead undeclared = ok("text/plain").build(); // short, and whole with its head
        assertThat(run(GET_GZIP, undeclared, small).head()).isSameAs(undeclared);
        byte[] atTheMinimum = new byte[Math.toIntExact(Compression.DEFAULT_MIN_RESPONSE_SIZE)];
        assertThat(run(GET_GZIP, declared, atTheMinimum).field("Content-Encoding"))
                .isNull(); // the declared length, not the bytes, decides
        ResponseHead longEnough =
                ok("text/plain").contentLength(atTheMinimum.length).build();
        assertThat(run(GET_GZIP, longEnough, atTheMinimum).field("Content-Encoding"))
                .isEqualTo("gzip");
        assertThat(new Run(
                                Compression.defaults().withMinResponseSize(0),
                                GET_GZIP,
                                List.of(undeclared, ByteChunk.wrap(small), EndOfResponse.INSTANCE))
                        .field("Content-Encoding"))
                .isEqualTo("gzip");
    }

    @Test
    void aStreamOfUnknownLengthIsCompressedWhateverItsSize() {
        Run r = new Run(
                Compression.defaults(), GET_GZIP, List.of(ok("text/plain").build(), ByteChunk.utf8("hi")));
        assertThat(r.field("Content-Encoding")).isEqualTo("gzip");
    }

    @Test
    void headRequestsGetVaryButNoCoding() {
        ResponseHead head = ok("text/html").contentLength(BIG.length).build();
        Run r = new Run(
                Compression.defaults(),
                "HEAD /x HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n",
                List.of(head, EndOfResponse.INSTANCE));
        assertThat(r.field("Content-Encoding")).isNull();
        assertThat(r.field("Vary")).isEqualTo("Accept-Encoding");
        assertThat(r.head().contentLength()).hasValue(BIG.length);
    }

    @Test
    void interimHeadsGoFirstUntouched() throws IOException {
        ResponseHead interim = ResponseHead.status(100).build();
        Run r = new Run(
                Compression.defaults(),
                GET_GZIP,
                List.of(interim, ok("text/plain").build(), ByteChunk.wrap(BIG), EndOfResponse.INSTANCE));
        assertThat(r.parts.get(0)).isSameAs(interim);
        r.parts.remove(0);
        assertThat(r.field("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.decodedBody()).isEqualTo(BIG);
    }

    @Test
    void theHandlersSignalFollowsTheFinishedStream() throws IOException {
        Run r = new Run(
                Compression.defaults(), GET_GZIP, List.of(ok("text/plain").build()));
        r.handler.send(ByteChunk.wrap(BIG));
        r.handler.signalDone();
        r.collect();
        assertThat(r.signals.drain()).containsExactly(ProducerFinished.INSTANCE);
        assertThat(r.ended()).isFalse(); // the signal ends the response, as the handler meant
        assertThat(r.decodedBody()).isEqualTo(BIG);
    }

    @Test
    void aCutExchangeReleasesItsDeflater() {
        long before = BodyDeflater.live();
        Run r = new Run(
                Compression.defaults(), GET_GZIP, List.of(ok("text/plain").build(), ByteChunk.utf8("part one")));
        assertThat(r.field("Content-Encoding")).isEqualTo("gzip");
        assertThat(BodyDeflater.live()).isEqualTo(before + 1);
        r.composite.stop(); // what the connection does to its handler when the client goes away
        harness.runUntilIdle();
        assertThat(r.handler.state()).isEqualTo(ComponentState.FINISHED);
        assertThat(BodyDeflater.live()).isEqualTo(before);
    }

    @Test
    void zstdIsAppliedWhenListedAndAsked() throws IOException {
        Compression zstd = Compression.defaults().withCodings(ZSTD_FIRST);
        Run whole =
                new Run(zstd, GET_ZSTD, List.of(ok("text/plain").build(), ByteChunk.wrap(BIG), EndOfResponse.INSTANCE));
        assertThat(whole.field("Content-Encoding")).isEqualTo("zstd");
        assertThat(whole.head().contentLength()).hasValue(whole.body().length);
        assertThat(whole.decodedBody()).isEqualTo(BIG);
        Run byDefault = run(GET_ZSTD, ok("text/plain").build(), BIG);
        // not listed: not offered, library or not, so the client's other choice wins
        assertThat(byDefault.field("Content-Encoding")).isEqualTo("gzip");
    }

    @Test
    void aStreamedZstdBodyIsDecodablePartByPart() {
        Run s = new Run(
                Compression.defaults().withCodings(ZSTD_FIRST),
                GET_ZSTD,
                List.of(ok("text/plain").build()));
        assertThat(s.field("Content-Encoding")).isEqualTo("zstd");
        try (Decoders.ZstdStream client = new Decoders.ZstdStream()) {
            for (int i = 0; i < 3; i++) {
                s.handler.send(ByteChunk.utf8("data: " + i + "\n\n"));
                int before = s.parts.size();
                s.collect();
                assertThat(s.parts).hasSize(before + 1);
                byte[] coded = ((ByteChunk) s.parts.get(before)).toArray();
                assertThat(new String(client.feed(coded), StandardCharsets.UTF_8))
                        .isEqualTo("data: " + i + "\n\n");
            }
            s.handler.send(EndOfResponse.INSTANCE);
            s.collect();
            assertThat(s.ended()).isTrue();
            assertThat(client.frameEnded()).isFalse();
            client.feed(((ByteChunk) s.parts.get(s.parts.size() - 2)).toArray());
            assertThat(client.frameEnded()).isTrue();
        }
    }

    @Test
    void aCutZstdExchangeReleasesItsContext() {
        long before = ZstdBodyEncoder.live();
        Run r = new Run(
                Compression.defaults().withCodings(ZSTD_FIRST),
                GET_ZSTD,
                List.of(ok("text/plain").build(), ByteChunk.utf8("part one")));
        assertThat(r.field("Content-Encoding")).isEqualTo("zstd");
        assertThat(ZstdBodyEncoder.live()).isEqualTo(before + 1);
        r.composite.stop(); // the connection abandons its handler mid-stream
        harness.runUntilIdle();
        assertThat(r.handler.state()).isEqualTo(ComponentState.FINISHED);
        assertThat(ZstdBodyEncoder.live()).isEqualTo(before);
    }

    @Test
    void anEndedZstdStreamReleasesItsContextAtOnce() {
        long before = ZstdBodyEncoder.live();
        Run r = new Run(
                Compression.defaults().withCodings(ZSTD_FIRST),
                GET_ZSTD,
                List.of(ok("text/plain").build(), ByteChunk.utf8("part one")));
        assertThat(ZstdBodyEncoder.live()).isEqualTo(before + 1);
        r.handler.send(EndOfResponse.INSTANCE);
        r.collect();
        assertThat(r.ended()).isTrue();
        assertThat(ZstdBodyEncoder.live()).isEqualTo(before);
        assertThat(r.composite.state()).isEqualTo(ComponentState.RUNNING);
    }

    @Test
    void anEndedStreamReleasesItsDeflaterAtOnce() {
        long before = BodyDeflater.live();
        Run r = run(GET_GZIP, ok("text/plain").build(), BIG);
        assertThat(r.field("Content-Encoding")).isEqualTo("gzip");
        assertThat(BodyDeflater.live()).isEqualTo(before);
        assertThat(r.composite.state()).isEqualTo(ComponentState.RUNNING);
    }

    @Test
    void aHandlerThatEndsItselfLosesNothingWaiting() throws IOException {
        Run r = new Run(
                Compression.defaults(), GET_GZIP, List.of(ok("text/plain").build()));
        ComponentHarness.Collector<ResponsePart> slow = r.out;
        // The connection is slow: the compressor's parts wait while the handler sends its last and ends.
        for (int i = 0; i < 3; i++) {
            r.handler.send(ByteChunk.wrap(BIG));
        }
        r.handler.send(EndOfResponse.INSTANCE);
        r.handler.end();
        r.collect();
        assertThat(r.ended()).isTrue();
        assertThat(r.decodedBody()).hasSize(3 * BIG.length);
        harness.runUntilIdle();
        assertThat(r.composite.state()).isEqualTo(ComponentState.FINISHED);
        assertThat(slow.drain()).isEmpty();
    }

    /** Sends numbered chunks of about 1 KiB while its outbox has room, then its end. */
    static final class Flood extends HandlerComponent {
        private final int total;
        private int sent;
        private boolean started;

        Flood(int total) {
            this.total = total;
        }

        @Override
        protected void react() {
            if (inbox.poll() instanceof RequestHead) {
                started = true;
                outbox.send(ok("text/plain").build());
            }
            inbox.clear();
            while (started && sent < total && outbox.hasRoom()) {
                outbox.send(ByteChunk.utf8(String.format("chunk %06d ", sent++).repeat(80) + "\n"));
            }
            if (started && sent == total) {
                sent++;
                outbox.send(EndOfResponse.INSTANCE);
            }
        }
    }

    @Test
    void aSlowConsumerHoldsTheHandlerBackWithoutBuffering() throws IOException {
        Flood flood = new Flood(1000);
        RequestHead request = HandlerExchange.head(GET_GZIP);
        HandlerComponent composite = Compression.defaults().applyTo(h -> flood).create(request);
        ComponentHarness.Collector<ResponsePart> out = harness.collect(composite.outbox, 4);
        harness.start(composite);
        harness.send(composite.inbox, request);
        List<ResponsePart> parts = new ArrayList<>();
        long mostWaitingBytes = 0;
        int mostCollected = 0;
        for (int rounds = 0;
                rounds < 10_000 && !(parts.size() > 0 && parts.get(parts.size() - 1) instanceof EndOfResponse);
                rounds++) {
            ResponseCompressor compressor =
                    (ResponseCompressor) composite.children().get(0);
            mostWaitingBytes = Math.max(mostWaitingBytes, compressor.inbox.weight());
            mostCollected = Math.max(mostCollected, out.inbox.size());
            parts.addAll(out.take(1)); // the client takes one part at a time
            harness.runUntilIdle();
        }
        assertThat(parts.get(parts.size() - 1)).isInstanceOf(EndOfResponse.class);
        // the handler's chunks wait only up to the compressor's mark (plus the one a box below it takes)
        assertThat(mostWaitingBytes)
                .isBetween(ResponseCompressor.HIGH_WATERMARK, ResponseCompressor.HIGH_WATERMARK + 1024);
        assertThat(mostCollected).isLessThanOrEqualTo(4 + 1);
        ByteArrayOutputStream coded = new ByteArrayOutputStream();
        parts.stream().filter(ByteChunk.class::isInstance).forEach(p -> coded.writeBytes(((ByteChunk) p).toArray()));
        String text =
                new String(BodyDeflaterTest.decode(ContentCoding.GZIP, coded.toByteArray()), StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith("chunk 000000 chunk 000000 ")
                .endsWith("chunk 000999 \n")
                .hasSize(1000 * 1041);
    }

    @Test
    void aClientThatAcceptsNoCodingGetsNoCompressorOnlyTheHeadRewrite() {
        Scripted plain = new Scripted(List.of());
        HandlerComponent made = Compression.defaults().applyTo(h -> plain).create(HandlerExchange.head(GET_PLAIN));
        assertThat(made).isSameAs(plain);
        assertThat(made.responseHeadRewrite()).isInstanceOf(VaryOnAcceptEncoding.class);
        Scripted head = new Scripted(List.of());
        assertThat(Compression.defaults()
                        .applyTo(h -> head)
                        .create(HandlerExchange.head("HEAD /x HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n")))
                .as("HEAD is never coded")
                .isSameAs(head);
        Scripted coded = new Scripted(List.of());
        HandlerComponent wrapped = Compression.defaults().applyTo(h -> coded).create(HandlerExchange.head(GET_GZIP));
        assertThat(wrapped).isInstanceOf(CompressingHandler.class);
        assertThat(coded.responseHeadRewrite()).isSameAs(org.kamaelia.http.handler.ResponseHeadRewrite.NONE);
    }

    @Test
    void theHeadRewriteAddsVaryOnlyToWhatWouldBeCompressed() {
        VaryOnAcceptEncoding get = new VaryOnAcceptEncoding(Compression.defaults(), false);
        ResponseHead html = ok("text/html").build();
        assertThat(get.rewrite(html, 4096).headers().first("Vary")).contains("Accept-Encoding");
        assertThat(get.rewrite(html, -1).headers().first("Vary"))
                .as("a stream of unknown length")
                .contains("Accept-Encoding");
        assertThat(get.rewrite(html, 100)).as("under min-response-size").isSameAs(html);
        ResponseHead image = ok("image/png").build();
        assertThat(get.rewrite(image, 4096)).isSameAs(image);
        ResponseHead varied = ok("text/html").header("Vary", "Origin").build();
        assertThat(get.rewrite(varied, 4096).headers().all("Vary")).containsExactly("Origin, Accept-Encoding");
        // HEAD: the waiting body is empty by nature, so only the declared length counts
        VaryOnAcceptEncoding head = new VaryOnAcceptEncoding(Compression.defaults(), true);
        assertThat(head.rewrite(html, 0).headers().first("Vary")).contains("Accept-Encoding");
        ResponseHead small = ok("text/html").contentLength(10).build();
        assertThat(head.rewrite(small, 10)).isSameAs(small);
    }

    @Test
    void persistentHandlersAreServedUncompressed() {
        HandlerComponent persistent = new Scripted(List.of()) {
            @Override
            public boolean persistent() {
                return true;
            }
        };
        HandlerComponent made = Compression.defaults().applyTo(h -> persistent).create(HandlerExchange.head(GET_GZIP));
        assertThat(made).isSameAs(persistent);
        assertThat(Compression.disabled().applyTo(h -> persistent).create(HandlerExchange.head(GET_GZIP)))
                .isSameAs(persistent);
    }
}
