package org.kamaelia.http.codec.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.message.Framing;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.ResponseHead;

/** The byte helpers; the framing decision table moved to {@link ResponseGeneratorTest}. */
class ResponseEncoderTest {
    private static final String DATE = "Date: Sun, 29 Nov 2026 12:00:00 GMT\r\n";
    private final ResponseEncoder encoder = new ResponseEncoder(
            new DateCache(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC)), Optional.empty());

    private String head(ResponseHead head, Framing framing, long length, boolean close, HttpVersion version) {
        return new String(encoder.head(head, framing, length, close, version), StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodesAContentLengthHead() {
        ResponseHead head =
                ResponseHead.status(200).header("Content-Type", "text/plain").build();
        assertThat(head(head, Framing.CONTENT_LENGTH, 13, false, HttpVersion.HTTP_1_1))
                .isEqualTo("HTTP/1.1 200 OK\r\n" + DATE + "Content-Type: text/plain\r\nContent-Length: 13\r\n\r\n");
    }

    @Test
    void encodesAChunkedHead() {
        assertThat(head(ResponseHead.status(200).build(), Framing.CHUNKED, 0, false, HttpVersion.HTTP_1_1))
                .isEqualTo("HTTP/1.1 200 OK\r\n" + DATE + "Transfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void encodesACloseDelimitedHeadForHttp10() {
        assertThat(head(ResponseHead.status(200).build(), Framing.CLOSE_DELIMITED, 0, true, HttpVersion.HTTP_1_0))
                .isEqualTo("HTTP/1.1 200 OK\r\n" + DATE + "Connection: close\r\n\r\n");
    }

    @Test
    void tellsAnHttp10ClientItsConnectionIsKept() {
        assertThat(head(ResponseHead.status(200).build(), Framing.CONTENT_LENGTH, 0, false, HttpVersion.HTTP_1_0))
                .isEqualTo("HTTP/1.1 200 OK\r\n" + DATE + "Content-Length: 0\r\nConnection: keep-alive\r\n\r\n");
    }

    @Test
    void sendsNoFramingFieldsFor204And304() {
        assertThat(head(ResponseHead.status(204).build(), Framing.CONTENT_LENGTH, 0, false, HttpVersion.HTTP_1_1))
                .isEqualTo("HTTP/1.1 204 No Content\r\n" + DATE + "\r\n");
        assertThat(head(ResponseHead.status(304).build(), Framing.CONTENT_LENGTH, 0, true, HttpVersion.HTTP_1_1))
                .isEqualTo("HTTP/1.1 304 Not Modified\r\n" + DATE + "Connection: close\r\n\r\n");
    }

    @Test
    void usesCorrectReasonPhrases() {
        assertThat(head(ResponseHead.status(401).build(), Framing.CONTENT_LENGTH, 0, false, HttpVersion.HTTP_1_1))
                .startsWith("HTTP/1.1 401 Unauthorized\r\n");
        assertThat(head(ResponseHead.status(505).build(), Framing.CONTENT_LENGTH, 0, false, HttpVersion.HTTP_1_1))
                .startsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n");
        assertThat(head(ResponseHead.status(299).build(), Framing.CONTENT_LENGTH, 0, false, HttpVersion.HTTP_1_1))
                .startsWith("HTTP/1.1 299 \r\n");
    }

    @Test
    void dropsAConnectionFieldFromTheHandler() {
        ResponseHead head =
                ResponseHead.status(200).header("Connection", "keep-alive").build();
        assertThat(head(head, Framing.CONTENT_LENGTH, 0, true, HttpVersion.HTTP_1_1))
                .isEqualTo("HTTP/1.1 200 OK\r\n" + DATE + "Content-Length: 0\r\nConnection: close\r\n\r\n");
    }

    @Test
    void addsTheServerFieldWhenConfigured() {
        ResponseEncoder named = new ResponseEncoder(
                new DateCache(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC)),
                Optional.of("Kamaelia"));
        assertThat(new String(
                        named.head(ResponseHead.status(200).build(), Framing.CHUNKED, 0, false, HttpVersion.HTTP_1_1),
                        StandardCharsets.US_ASCII))
                .contains("Server: Kamaelia\r\n");
    }

    @Test
    void encodesChunksAndTheLastChunkWithTrailers() {
        assertThat(new String(ResponseEncoder.chunkStart(255), StandardCharsets.US_ASCII))
                .isEqualTo("ff\r\n");
        assertThat(new String(ResponseEncoder.lastChunk(HttpHeaders.of("Checksum", "x")), StandardCharsets.US_ASCII))
                .isEqualTo("0\r\nChecksum: x\r\n\r\n");
        assertThatThrownBy(() -> ResponseEncoder.chunkStart(0)).isInstanceOf(IllegalArgumentException.class);
        for (int size : new int[] {1, 15, 16, 4095, 4096, Integer.MAX_VALUE}) {
            assertThat(new String(ResponseEncoder.chunkStart(size), StandardCharsets.US_ASCII))
                    .isEqualTo(Integer.toHexString(size) + "\r\n");
        }
    }

    @Test
    void refusesHeaderInjectionFromHandlers() {
        assertThatThrownBy(() -> ResponseHead.status(200).header("X-A", "a\r\nSet-Cookie: evil"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseHead.status(200).header("X-A", "a\u0000b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseHead.status(200).header("Bad Name", "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        ResponseHead.status(200).header("Content-Length", "5").build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
