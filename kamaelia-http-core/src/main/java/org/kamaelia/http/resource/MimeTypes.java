package org.kamaelia.http.resource;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * File-name extensions to media types: a built-in table that users can extend. Text types get
 * {@code charset=utf-8}. Extensions compare without regard to case (the original's did not).
 */
public final class MimeTypes {
    private static final String DEFAULT = "application/octet-stream";
    private final Map<String, String> types;

    private MimeTypes(Map<String, String> types) {
        this.types = Map.copyOf(types);
    }

    /** The built-in table. */
    public static MimeTypes defaults() {
        Map<String, String> t = new HashMap<>();
        t.put("html", "text/html");
        t.put("htm", "text/html");
        t.put("css", "text/css");
        t.put("js", "text/javascript");
        t.put("mjs", "text/javascript");
        t.put("json", "application/json");
        t.put("map", "application/json");
        t.put("txt", "text/plain");
        t.put("md", "text/markdown");
        t.put("csv", "text/csv");
        t.put("xml", "application/xml");
        t.put("svg", "image/svg+xml");
        t.put("png", "image/png");
        t.put("gif", "image/gif");
        t.put("jpg", "image/jpeg");
        t.put("jpeg", "image/jpeg");
        t.put("webp", "image/webp");
        t.put("avif", "image/avif");
        t.put("ico", "image/vnd.microsoft.icon");
        t.put("bmp", "image/bmp");
        t.put("woff", "font/woff");
        t.put("woff2", "font/woff2");
        t.put("ttf", "font/ttf");
        t.put("otf", "font/otf");
        t.put("wasm", "application/wasm");
        t.put("pdf", "application/pdf");
        t.put("zip", "application/zip");
        t.put("gz", "application/gzip");
        t.put("tar", "application/x-tar");
        t.put("mp3", "audio/mpeg");
        t.put("wav", "audio/wav");
        t.put("ogg", "audio/ogg");
        t.put("mp4", "video/mp4");
        t.put("webm", "video/webm");
        t.put("webmanifest", "application/manifest+json");
        return new MimeTypes(t);
    }

    /** A copy that maps {@code extension} (without the dot) to {@code mediaType}. */
    public MimeTypes with(String extension, String mediaType) {
        Map<String, String> more = new HashMap<>(types);
        more.put(extension.toLowerCase(Locale.ROOT), mediaType);
        return new MimeTypes(more);
    }

    /** The Content-Type for a file called {@code fileName}, with {@code charset=utf-8} for text. */
    public String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String type = dot < 0
                ? DEFAULT
                : types.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
        boolean text = type.startsWith("text/")
                || type.equals("application/json")
                || type.equals("application/xml")
                || type.equals("image/svg+xml")
                || type.equals("application/manifest+json");
        return text && !type.contains("charset") ? type + "; charset=utf-8" : type;
    }
}
