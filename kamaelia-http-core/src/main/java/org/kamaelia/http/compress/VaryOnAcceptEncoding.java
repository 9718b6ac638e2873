package org.kamaelia.http.compress;

import java.util.Optional;
import org.kamaelia.http.handler.ResponseHeadRewrite;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.ResponseHead;

/**
 * What compression changes in a response to a client that accepts none of the offered codings: the body goes as it
 * is, but a response this server would have compressed for another client gets {@code Vary: Accept-Encoding}, so
 * that caches key on that field (RFC 9110 section 12.5.5). Applied by the engine to the handler's head
 * ({@link ResponseHeadRewrite}), so such a request has no compressor component at all.
 */
final class VaryOnAcceptEncoding implements ResponseHeadRewrite {
    private final Compression settings;
    private final boolean headRequest;

    VaryOnAcceptEncoding(Compression settings, boolean headRequest) {
        this.settings = settings;
        this.headRequest = headRequest;
    }

    @Override
    public ResponseHead rewrite(ResponseHead head, long bodyLength) {
        // A HEAD response's waiting body is empty by nature: only a declared length says how big the GET one is.
        long length = headRequest ? head.contentLength().orElse(-1) : bodyLength;
        if (!eligible(settings, head) || !bigEnough(settings, length)) {
            return head;
        }
        return new ResponseHead(
                head.status(), withVary(head.headers().toBuilder()).build(), head.contentLength(), head.endless());
    }

    /** Whether a body of {@code length} bytes (-1: not known yet) is worth compressing. */
    static boolean bigEnough(Compression settings, long length) {
        return length < 0 || length >= settings.minResponseSize();
    }

    /** Whether the response is of a kind this server compresses, whatever the client accepts. */
    static boolean eligible(Compression settings, ResponseHead head) {
        int status = head.status();
        HttpHeaders fields = head.headers();
        return status != 204
                && status != 206 // a range is of the plain body (RFC 9110 14.1.2)
                && status != 304
                && !fields.contains("Content-Encoding")
                && !fields.containsToken("Cache-Control", "no-transform") // RFC 9111 5.2.2.6
                && fields.first("Content-Type").map(settings::compressible).orElse(false);
    }

    /** {@code fields} with {@code Accept-Encoding} among its {@code Vary} values. */
    static HttpHeaders.Builder withVary(HttpHeaders.Builder fields) {
        HttpHeaders current = fields.build();
        if (current.containsToken("Vary", "Accept-Encoding") || current.containsToken("Vary", "*")) {
            return fields;
        }
        Optional<String> vary = current.first("Vary");
        if (vary.isPresent() && current.count("Vary") == 1) {
            return fields.set("Vary", vary.get() + ", Accept-Encoding");
        }
        return fields.add("Vary", "Accept-Encoding");
    }
}
