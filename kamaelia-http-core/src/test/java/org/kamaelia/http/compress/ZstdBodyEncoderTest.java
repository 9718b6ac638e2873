package org.kamaelia.http.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.message.ByteChunk;

/** zstd through zstd-jni's streaming context, decoded by zstd-jni's decoder: round trips, flushes, release. */
class ZstdBodyEncoderTest {
    private static final byte[] BODY = CompressionIT.json(300_000);

    @Test
    void theLibraryIsOnTheTestClassPath() {
        // Everything below needs it; the core's own build has it as an optional dependency.
        assertThat(ZstdSupport.isAvailable()).isTrue();
        assertThat(Compression.zstdAvailable()).isTrue();
    }

    @Test
    void aWholeBodyWithAPledgedLengthRoundTripsAndCarriesItsLength() throws IOException {
        long before = ZstdBodyEncoder.live();
        BodyEncoder encoder = BodyEncoder.open(ContentCoding.ZSTD, Compression.defaults(), BODY.length);
        assertThat(encoder).isInstanceOf(ZstdBodyEncoder.class);
        assertThat(encoder.coding()).isEqualTo(ContentCoding.ZSTD);
        assertThat(ZstdBodyEncoder.live()).isEqualTo(before + 1);
        encoder.write(ByteChunk.wrap(BODY, 0, 100_000), false);
        encoder.write(ByteChunk.wrap(BODY, 100_000, BODY.length - 100_000), false);
        encoder.finish();
        byte[] coded = encoder.take().toArray();
        assertThat(encoder.isEnded()).isTrue();
        assertThat(ZstdBodyEncoder.live()).isEqualTo(before);
        assertThat(coded.length).isLessThan(BODY.length / 5);
        assertThat(Zstd.getFrameContentSize(coded)).isEqualTo(BODY.length); // the pledge is in the frame header
        assertThat(Decoders.decode(ContentCoding.ZSTD, coded)).isEqualTo(BODY);
    }

    @Test
    void aBodyOfUnknownLengthRoundTrips() throws IOException {
        ZstdBodyEncoder encoder = new ZstdBodyEncoder(3, -1);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int at = 0; at < BODY.length; at += 16 * 1024) {
            encoder.write(ByteChunk.wrap(BODY, at, Math.min(16 * 1024, BODY.length - at)), false);
            all.writeBytes(encoder.take().toArray());
        }
        encoder.finish();
        all.writeBytes(encoder.take().toArray());
        assertThat(Decoders.decode(ContentCoding.ZSTD, all.toByteArray())).isEqualTo(BODY);
    }

    @Test
    void anEmptyBodyIsAValidFrame() throws IOException {
        ZstdBodyEncoder encoder = new ZstdBodyEncoder(6, -1);
        encoder.finish();
        byte[] coded = encoder.take().toArray();
        assertThat(coded).isNotEmpty();
        assertThat(Decoders.decode(ContentCoding.ZSTD, coded)).isEmpty();
    }

    @Test
    void eachFlushedChunkDecodesBeforeTheNextIsWritten() {
        // The client's decoder sees only what was sent so far: every flushed chunk must decode completely.
        ZstdBodyEncoder encoder = new ZstdBodyEncoder(6, -1);
        try (Decoders.ZstdStream client = new Decoders.ZstdStream()) {
            for (int i = 0; i < 5; i++) {
                String event = "data: event " + i + "\n\n";
                encoder.write(ByteChunk.utf8(event), true);
                byte[] coded = encoder.take().toArray();
                assertThat(coded).isNotEmpty();
                assertThat(new String(client.feed(coded), StandardCharsets.UTF_8))
                        .isEqualTo(event);
                assertThat(client.frameEnded()).isFalse();
            }
            encoder.finish();
            assertThat(client.feed(encoder.take().toArray())).isEmpty();
            assertThat(client.frameEnded()).isTrue();
        }
    }

    @Test
    void anUnflushedChunkMayWaitInsideTheEncoder() {
        ZstdBodyEncoder encoder = new ZstdBodyEncoder(6, -1);
        try (Decoders.ZstdStream client = new Decoders.ZstdStream()) {
            encoder.write(ByteChunk.utf8("held back to compress better"), false);
            assertThat(client.feed(encoder.take().toArray())).isEmpty();
            encoder.write(ByteChunk.EMPTY, true);
            assertThat(new String(client.feed(encoder.take().toArray()), StandardCharsets.UTF_8))
                    .isEqualTo("held back to compress better");
        } finally {
            encoder.end();
        }
    }

    @Test
    void directAndReadOnlyChunksAreRead() throws IOException {
        ByteBuffer direct = ByteBuffer.allocateDirect(BODY.length).put(BODY).flip();
        ZstdBodyEncoder encoder = new ZstdBodyEncoder(6, -1);
        encoder.write(ByteChunk.wrap(direct.asReadOnlyBuffer()), true);
        encoder.write(ByteChunk.wrap(ByteBuffer.wrap(BODY).asReadOnlyBuffer()), true);
        encoder.finish();
        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        twice.writeBytes(BODY);
        twice.writeBytes(BODY);
        assertThat(Decoders.decode(ContentCoding.ZSTD, encoder.take().toArray()))
                .isEqualTo(twice.toByteArray());
    }

    @Test
    void endingTwiceIsHarmlessAndLaterWritesFail() {
        long before = ZstdBodyEncoder.live();
        ZstdBodyEncoder encoder = new ZstdBodyEncoder(1, -1);
        assertThat(ZstdBodyEncoder.live()).isEqualTo(before + 1);
        encoder.end();
        encoder.end();
        assertThat(ZstdBodyEncoder.live()).isEqualTo(before);
        assertThatThrownBy(() -> encoder.write(ByteChunk.utf8("late"), true)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(encoder::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void incompressibleDataGrowsTheBuffer() throws IOException {
        byte[] noise = new byte[200_000];
        new Random(7).nextBytes(noise);
        ZstdBodyEncoder encoder = new ZstdBodyEncoder(19, -1);
        encoder.write(ByteChunk.wrap(noise), true);
        ByteChunk first = encoder.take();
        encoder.finish();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(first.toArray());
        all.writeBytes(encoder.take().toArray());
        assertThat(first.length()).isGreaterThan(noise.length);
        assertThat(Decoders.decode(ContentCoding.ZSTD, all.toByteArray())).isEqualTo(noise);
    }
}
