package org.kamaelia.http.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kamaelia.http.message.ByteChunk;

/** gzip and deflate through the JDK's deflater: round trips, flushes, the release of native memory. */
class BodyDeflaterTest {
    private static byte[] text(int size, long seed) {
        Random random = new Random(seed);
        String[] words = {"alpha", "beta", "gamma", "delta", "\"id\":", "{", "}", ",", "\n", "42"};
        StringBuilder out = new StringBuilder();
        while (out.length() < size) {
            out.append(words[random.nextInt(words.length)]).append(' ');
        }
        return out.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] decode(ContentCoding coding, byte[] coded) throws IOException {
        return Decoders.decode(coding, coded);
    }

    @ParameterizedTest
    @EnumSource(
            value = ContentCoding.class,
            names = {"GZIP", "DEFLATE"})
    void aWholeBodyRoundTrips(ContentCoding coding) throws IOException {
        byte[] body = text(300_000, 1);
        BodyDeflater deflater = new BodyDeflater(coding, 6);
        long liveBefore = BodyDeflater.live();
        deflater.write(ByteChunk.wrap(body, 0, 100_000), false);
        deflater.write(ByteChunk.wrap(body, 100_000, 200_000), false);
        deflater.finish();
        byte[] coded = deflater.take().toArray();
        assertThat(deflater.isEnded()).isTrue();
        assertThat(BodyDeflater.live()).isEqualTo(liveBefore - 1);
        assertThat(coded.length).isLessThan(body.length / 2);
        assertThat(decode(coding, coded)).isEqualTo(body);
    }

    @ParameterizedTest
    @EnumSource(
            value = ContentCoding.class,
            names = {"GZIP", "DEFLATE"})
    void anEmptyBodyIsAValidStream(ContentCoding coding) throws IOException {
        BodyDeflater deflater = new BodyDeflater(coding, 6);
        deflater.finish();
        assertThat(decode(coding, deflater.take().toArray())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = ContentCoding.class,
            names = {"GZIP", "DEFLATE"})
    void eachFlushedChunkDecodesAtOnce(ContentCoding coding) throws DataFormatException, IOException {
        // The client's inflater sees only what was sent so far: every flushed chunk must decode completely.
        Inflater client = new Inflater(coding == ContentCoding.GZIP);
        BodyDeflater deflater = new BodyDeflater(coding, 6);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 5; i++) {
            byte[] event = ("data: event " + i + "\n\n").getBytes(StandardCharsets.UTF_8);
            deflater.write(ByteChunk.wrap(event), true);
            byte[] coded = deflater.take().toArray();
            all.write(coded);
            int skip = i == 0 && coding == ContentCoding.GZIP ? 10 : 0; // the gzip header, read by hand here
            client.setInput(coded, skip, coded.length - skip);
            byte[] plain = new byte[1024];
            int n = client.inflate(plain);
            assertThat(new String(plain, 0, n, StandardCharsets.UTF_8)).isEqualTo("data: event " + i + "\n\n");
        }
        deflater.finish();
        all.write(deflater.take().toArray());
        client.end();
        assertThat(new String(decode(coding, all.toByteArray()), StandardCharsets.UTF_8))
                .startsWith("data: event 0\n\n")
                .endsWith("data: event 4\n\n");
    }

    @ParameterizedTest
    @EnumSource(
            value = ContentCoding.class,
            names = {"GZIP", "DEFLATE"})
    void endingTwiceIsHarmlessAndLaterWritesFail(ContentCoding coding) {
        long before = BodyDeflater.live();
        BodyDeflater deflater = new BodyDeflater(coding, 1);
        assertThat(BodyDeflater.live()).isEqualTo(before + 1);
        deflater.end();
        deflater.end();
        assertThat(BodyDeflater.live()).isEqualTo(before);
        assertThatThrownBy(() -> deflater.write(ByteChunk.utf8("late"), true))
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(
            value = ContentCoding.class,
            names = {"GZIP", "DEFLATE"})
    void incompressibleDataGrowsTheBuffer(ContentCoding coding) throws IOException {
        byte[] noise = new byte[200_000];
        new Random(7).nextBytes(noise);
        BodyDeflater deflater = new BodyDeflater(coding, 9);
        deflater.write(ByteChunk.wrap(noise), true);
        ByteChunk first = deflater.take();
        deflater.finish();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(first.toArray());
        all.write(deflater.take().toArray());
        assertThat(first.length()).isGreaterThan(noise.length);
        assertThat(decode(coding, all.toByteArray())).isEqualTo(noise);
    }

    @Test
    void zstdIsNotADeflateCoding() {
        assertThatThrownBy(() -> new BodyDeflater(ContentCoding.ZSTD, 6)).isInstanceOf(IllegalArgumentException.class);
    }
}
