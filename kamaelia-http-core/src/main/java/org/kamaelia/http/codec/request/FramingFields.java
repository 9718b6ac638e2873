package org.kamaelia.http.codec.request;

import java.util.OptionalLong;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.HttpSyntax;
import org.kamaelia.http.message.HttpVersion;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.RequestTarget;

/**
 * Judges the fields that decide where a request's body ends and whom it is for (Host, Content-Length,
 * Transfer-Encoding), noted while its field section is parsed; these are the request-smuggling defences, so they
 * are strict.
 */
final class FramingFields {
    // Noted as the fields go by, so they are not looked up again by name once the head is parsed.
    private int hostCount;
    private String hostValue = "";
    private boolean sawTransferEncoding;
    private boolean sawContentLength;
    private ClientOrigin origin = ClientOrigin.UNKNOWN;

    /** Forgets the previous head's fields. */
    void reset() {
        hostCount = 0;
        hostValue = "";
        sawTransferEncoding = false;
        sawContentLength = false;
    }

    /** Notes one field of the head being parsed. */
    void note(String name, String value) {
        // The length first: most fields are none of the three, and this tells them apart without a comparison.
        switch (name.length()) {
            case 4 -> {
                if (name.equalsIgnoreCase("Host") && hostCount++ == 0) {
                    hostValue = value;
                }
            }
            case 14 -> sawContentLength |= name.equalsIgnoreCase("Content-Length");
            case 17 -> sawTransferEncoding |= name.equalsIgnoreCase("Transfer-Encoding");
            default -> {
                // not a framing field
            }
        }
    }

    /** Who the heads made from now on come from (kept across {@link #reset}: it belongs to the connection). */
    void origin(ClientOrigin value) {
        this.origin = value;
    }

    /**
     * The head, once its Host and framing fields pass, with its body framing; or a {@link BadRequest}: 501 for a
     * transfer coding other than chunked, 413 for a Content-Length above {@code maxBody}, 400 otherwise.
     */
    RequestPart head(String method, RequestTarget target, HttpVersion version, HttpHeaders headers, long maxBody) {
        // Host (RFC 9112 section 3.2): exactly one in HTTP/1.1, at most one in HTTP/1.0, so that this server and
        // anything in front of it agree on whom the request is for.
        if (hostCount > 1) {
            return new BadRequest(400, "more than one Host field");
        }
        if (hostCount == 0 && version == HttpVersion.HTTP_1_1) {
            return new BadRequest(400, "missing Host field");
        }
        if (!RequestTargetParser.isValidHost(hostValue)) {
            return new BadRequest(400, "invalid Host field");
        }
        // An absolute-form (or authority-form) target's authority wins over Host (section 3.2.2).
        String authority = target.form() == RequestTarget.Form.ABSOLUTE || target.form() == RequestTarget.Form.AUTHORITY
                ? target.authority()
                : hostValue;
        if (sawTransferEncoding) {
            return chunked(method, target, version, headers, authority);
        }
        if (sawContentLength) {
            return contentLength(method, target, version, headers, authority, maxBody);
        }
        // No framing field: no body (section 6.3, rule 7 for requests).
        return new RequestHead(
                method,
                target,
                version,
                headers,
                authority,
                RequestHead.BodyFraming.NONE,
                OptionalLong.empty(),
                origin);
    }

    private RequestPart chunked(
            String method, RequestTarget target, HttpVersion version, HttpHeaders headers, String authority) {
        // Sections 6.1 and 6.3 (rule 3): an HTTP/1.0 sender may not mean chunked, and a message with both framings
        // is the classic smuggling vector; both are refused rather than resolved in favour of one reading.
        if (version == HttpVersion.HTTP_1_0) {
            return new BadRequest(400, "Transfer-Encoding in an HTTP/1.0 request");
        }
        if (sawContentLength) {
            return new BadRequest(400, "both Transfer-Encoding and Content-Length");
        }
        int chunked = 0;
        boolean chunkedLast = false;
        boolean otherCoding = false;
        for (String value : headers.all("Transfer-Encoding")) {
            for (String item : value.split(",", -1)) {
                String coding = item.trim();
                int semicolon = coding.indexOf(';');
                String name = (semicolon < 0 ? coding : coding.substring(0, semicolon)).trim();
                if (name.isEmpty() || !HttpSyntax.isToken(name)) {
                    return new BadRequest(400, "invalid Transfer-Encoding");
                }
                if (name.equalsIgnoreCase("chunked")) {
                    chunked++;
                    chunkedLast = true;
                } else {
                    otherCoding = true;
                    chunkedLast = false;
                }
            }
        }
        if (otherCoding) {
            return new BadRequest(501, "unsupported transfer coding");
        }
        // Section 6.3 (rule 4): chunked must be the final coding, and applied once.
        if (chunked != 1 || !chunkedLast) {
            return new BadRequest(400, "chunked must be the final transfer coding, once");
        }
        return new RequestHead(
                method,
                target,
                version,
                headers,
                authority,
                RequestHead.BodyFraming.CHUNKED,
                OptionalLong.empty(),
                origin);
    }

    private RequestPart contentLength(
            String method,
            RequestTarget target,
            HttpVersion version,
            HttpHeaders headers,
            String authority,
            long maxBody) {
        // Section 6.3 (rule 5) and RFC 9110 section 8.6: a list of identical values is one length; anything else is
        // refused.
        long contentLength = -1;
        for (String value : headers.all("Content-Length")) {
            for (String item : value.split(",", -1)) {
                long parsed = HttpSyntax.parseDigits(item.trim());
                if (parsed < 0) {
                    return new BadRequest(400, "invalid Content-Length");
                }
                if (contentLength >= 0 && parsed != contentLength) {
                    return new BadRequest(400, "conflicting Content-Length values");
                }
                contentLength = parsed;
            }
        }
        if (contentLength > maxBody) {
            return new BadRequest(413, "body too large");
        }
        return new RequestHead(
                method,
                target,
                version,
                headers,
                authority,
                RequestHead.BodyFraming.CONTENT_LENGTH,
                OptionalLong.of(contentLength),
                origin);
    }
}
