package org.kamaelia.http.message;

/** Reason phrases for status codes (RFC 9110 section 15), and the rules about which statuses carry a body. */
public final class HttpStatus {
    /** 200 OK. */
    public static final int OK = 200;
    /** 400 Bad Request. */
    public static final int BAD_REQUEST = 400;
    /** 404 Not Found. */
    public static final int NOT_FOUND = 404;
    /** 500 Internal Server Error. */
    public static final int INTERNAL_SERVER_ERROR = 500;

    private static final String[] REASONS = new String[600];

    static {
        reason(100, "Continue");
        reason(101, "Switching Protocols");
        reason(103, "Early Hints");
        reason(200, "OK");
        reason(201, "Created");
        reason(202, "Accepted");
        reason(203, "Non-Authoritative Information");
        reason(204, "No Content");
        reason(205, "Reset Content");
        reason(206, "Partial Content");
        reason(300, "Multiple Choices");
        reason(301, "Moved Permanently");
        reason(302, "Found");
        reason(303, "See Other");
        reason(304, "Not Modified");
        reason(307, "Temporary Redirect");
        reason(308, "Permanent Redirect");
        reason(400, "Bad Request");
        reason(401, "Unauthorized");
        reason(402, "Payment Required");
        reason(403, "Forbidden");
        reason(404, "Not Found");
        reason(405, "Method Not Allowed");
        reason(406, "Not Acceptable");
        reason(407, "Proxy Authentication Required");
        reason(408, "Request Timeout");
        reason(409, "Conflict");
        reason(410, "Gone");
        reason(411, "Length Required");
        reason(412, "Precondition Failed");
        reason(413, "Content Too Large");
        reason(414, "URI Too Long");
        reason(415, "Unsupported Media Type");
        reason(416, "Range Not Satisfiable");
        reason(417, "Expectation Failed");
        reason(421, "Misdirected Request");
        reason(422, "Unprocessable Content");
        reason(426, "Upgrade Required");
        reason(428, "Precondition Required");
        reason(429, "Too Many Requests");
        reason(431, "Request Header Fields Too Large");
        reason(500, "Internal Server Error");
        reason(501, "Not Implemented");
        reason(502, "Bad Gateway");
        reason(503, "Service Unavailable");
        reason(504, "Gateway Timeout");
        reason(505, "HTTP Version Not Supported");
    }

    private HttpStatus() {}

    private static void reason(int code, String text) {
        REASONS[code] = text;
    }

    /** The standard reason phrase for {@code code}, or an empty string for a code without one. */
    public static String reasonPhrase(int code) {
        String reason = code >= 100 && code < 600 ? REASONS[code] : null;
        return reason == null ? "" : reason;
    }

    /** Whether {@code code} is a valid three-digit status (100 to 599). */
    public static boolean isValid(int code) {
        return code >= 100 && code <= 599;
    }

    /** Whether a response with this status never has content: 1xx, 204 and 304 (RFC 9112 section 6.3). */
    public static boolean forbidsContent(int code) {
        return code < 200 || code == 204 || code == 304;
    }
}
