package org.kamaelia.http.handler;

import java.nio.charset.StandardCharsets;
import org.kamaelia.http.message.HttpStatus;

/** Short HTML error pages whose text is HTML-escaped (the original inserted it raw: B16). */
public final class ErrorPages {
    /** The Content-Type of an error page. */
    public static final String CONTENT_TYPE = "text/html; charset=utf-8";

    private ErrorPages() {}

    /** A page for {@code status} saying {@code message} (escaped). */
    public static byte[] page(int status, String message) {
        String reason = HttpStatus.reasonPhrase(status);
        String title = status + (reason.isEmpty() ? "" : " " + reason);
        String html = "<!DOCTYPE html>\n<html><head><title>" + escape(title) + "</title></head><body><h1>"
                + escape(title) + "</h1><p>" + escape(message) + "</p></body></html>\n";
        return html.getBytes(StandardCharsets.UTF_8);
    }

    /** Escapes the five characters that matter in HTML text and attributes. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
