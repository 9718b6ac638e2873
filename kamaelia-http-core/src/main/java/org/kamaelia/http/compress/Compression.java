package org.kamaelia.http.compress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.kamaelia.http.component.ComponentState;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.RequestHandlerFactory;

/**
 * When and how responses are compressed on the fly: an immutable setting, and the decorator that applies it to a
 * {@link RequestHandlerFactory}.
 *
 * <pre>{@code
 * HttpServer.builder()
 *         .route("/api", api)
 *         .compression(Compression.defaults().withMinResponseSize(1024).withLevel(5))
 *         .start();
 * }</pre>
 *
 * <p>A response is compressed when the client accepts one of {@link #codings()} ({@code Accept-Encoding},
 * q-values honoured, a tie between equal q-values going to the coding listed first), its {@code Content-Type} is
 * one of {@link #mimeTypes()} (parameters such as
 * {@code charset} ignored; {@code text/*} matches every text type), its body is not known to be shorter than
 * {@link #minResponseSize()}, and none of these holds: the request is {@code HEAD}; the status is 1xx, 204, 206
 * or 304; the response says {@code Cache-Control: no-transform}; it already has a {@code Content-Encoding} (so
 * precompressed static files keep precedence). Every response of a listed type that is long enough gets
 * {@code Vary: Accept-Encoding}, compressed or not. A compressed response loses its {@code Content-Length} (the
 * server then frames it: chunked on HTTP/1.1, close-delimited on HTTP/1.0) unless its whole body came with its
 * head, in which case it is compressed in one go and sent with its new length; a strong {@code ETag} becomes
 * weak.
 *
 * <p>gzip and deflate are offered by default. zstd is offered only when it is listed in {@link #codings()}
 * <em>and</em> the optional {@code com.github.luben:zstd-jni} is on the class path and its native code loads
 * ({@link #zstdAvailable()}); listing it without the library leaves the other codings, with a warning. It is off by
 * default even with the library present, because that library often arrives as another dependency's dependency
 * and each zstd stream holds about 2.6 MiB of native memory at level 6 against about 230 KiB for a deflater
 * (docs/compression.md):
 *
 * <pre>{@code
 * Compression.defaults().withCodings(List.of(ContentCoding.ZSTD, ContentCoding.GZIP, ContentCoding.DEFLATE))
 * }</pre>
 *
 * <p>Each request gets its own compressor component, with its own encoder (a {@link java.util.zip.Deflater} or a
 * zstd context) released when the exchange ends, however it ends. A {@link HandlerComponent#persistent()
 * persistent} handler is served uncompressed: it outlives the per-request composite that would hold it.
 *
 * @param enabled whether responses are compressed at all
 * @param mimeTypes media types that are compressed, lower case, without parameters ({@code type/*} allowed)
 * @param minResponseSize bodies known to be shorter than this many bytes are sent as they are
 * @param level the deflate level (gzip and deflate), 1 (fastest) to 9 (smallest)
 * @param codings the codings offered, at least one, in the order that breaks a tie between equal q-values; zstd
 *     is skipped when its library is absent
 * @param zstdLevel the zstd level, 1 (fastest) to 19 (smallest; the highest whose window, 8 MiB, every HTTP zstd
 *     decoder must take, RFC 9659)
 */
public record Compression(
        boolean enabled,
        List<String> mimeTypes,
        long minResponseSize,
        int level,
        List<ContentCoding> codings,
        int zstdLevel) {
    /** Bodies shorter than this, in bytes, are not worth compressing by default: {@value}. */
    public static final long DEFAULT_MIN_RESPONSE_SIZE = 2048;

    /** The default deflate level (zlib's own default): {@value}. */
    public static final int DEFAULT_LEVEL = 6;

    /**
     * The default zstd level: {@value}. On the benchmarks' 1 MiB JSON body, streamed in flushed 16 KiB parts, it
     * comes out 1 % smaller than gzip at level 6 for about half its CPU time (docs/compression.md).
     */
    public static final int DEFAULT_ZSTD_LEVEL = 6;

    /**
     * The codings offered by default, in order of preference: gzip, then deflate. zstd must be asked for with
     * {@link #withCodings}, even when its library is present.
     */
    public static final List<ContentCoding> DEFAULT_CODINGS = List.of(ContentCoding.GZIP, ContentCoding.DEFLATE);

    private static final System.Logger LOG = System.getLogger(Compression.class.getName());

    /** The media types compressed by default: the list Spring Boot's {@code server.compression.mime-types} has. */
    public static final List<String> DEFAULT_MIME_TYPES = List.of(
            "text/html",
            "text/xml",
            "text/plain",
            "text/css",
            "text/javascript",
            "application/javascript",
            "application/json",
            "application/xml");

    /** Checks and normalises the values. */
    public Compression {
        Objects.requireNonNull(mimeTypes, "mimeTypes");
        mimeTypes = mimeTypes.stream().map(Compression::mediaType).distinct().toList();
        if (minResponseSize < 0) {
            throw new IllegalArgumentException("negative minimum response size " + minResponseSize);
        }
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("deflate level must be 1 to 9, not " + level);
        }
        codings = Objects.requireNonNull(codings, "codings").stream()
                .map(Objects::requireNonNull)
                .distinct()
                .toList();
        if (codings.isEmpty()) {
            throw new IllegalArgumentException("at least one coding must be offered (or compression disabled)");
        }
        if (zstdLevel < 1 || zstdLevel > 19) {
            throw new IllegalArgumentException("zstd level must be 1 to 19, not " + zstdLevel);
        }
    }

    /** The default codings and zstd level with these values. */
    public Compression(boolean enabled, List<String> mimeTypes, long minResponseSize, int level) {
        this(enabled, mimeTypes, minResponseSize, level, DEFAULT_CODINGS, DEFAULT_ZSTD_LEVEL);
    }

    /** Compression on, with the default types, minimum size and level. */
    public static Compression defaults() {
        return new Compression(true, DEFAULT_MIME_TYPES, DEFAULT_MIN_RESPONSE_SIZE, DEFAULT_LEVEL);
    }

    /** Compression off (the server's default): {@link #applyTo} hands factories back unchanged. */
    public static Compression disabled() {
        return defaults().withEnabled(false);
    }

    /** This setting, switched on or off. */
    public Compression withEnabled(boolean value) {
        return new Compression(value, mimeTypes, minResponseSize, level, codings, zstdLevel);
    }

    /** This setting with {@code value} as the compressed media types. */
    public Compression withMimeTypes(Collection<String> value) {
        return new Compression(enabled, List.copyOf(value), minResponseSize, level, codings, zstdLevel);
    }

    /** This setting with {@code value} bytes as the minimum response size. */
    public Compression withMinResponseSize(long value) {
        return new Compression(enabled, mimeTypes, value, level, codings, zstdLevel);
    }

    /** This setting with {@code value} as the deflate level. */
    public Compression withLevel(int value) {
        return new Compression(enabled, mimeTypes, minResponseSize, value, codings, zstdLevel);
    }

    /**
     * This setting offering {@code value}, in order of preference (the first wins a tie of q-values); zstd is
     * offered only when listed here and {@linkplain #zstdAvailable() available}.
     */
    public Compression withCodings(Collection<ContentCoding> value) {
        return new Compression(enabled, mimeTypes, minResponseSize, level, List.copyOf(value), zstdLevel);
    }

    /** This setting with {@code value} as the zstd level. */
    public Compression withZstdLevel(int value) {
        return new Compression(enabled, mimeTypes, minResponseSize, level, codings, value);
    }

    /**
     * A factory that makes what {@code handlers} makes, with a compressor on its response path; {@code handlers}
     * itself when compression is off.
     */
    public RequestHandlerFactory applyTo(RequestHandlerFactory handlers) {
        Objects.requireNonNull(handlers, "handlers");
        if (!enabled) {
            return handlers;
        }
        boolean zstd = zstdAvailable();
        if (codings.contains(ContentCoding.ZSTD) && !zstd) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "zstd is listed in the compression codings but com.github.luben:zstd-jni is not on the class path"
                            + " or does not load; offering {0}",
                    offered(false));
        }
        List<ContentCoding> offered = offered(zstd);
        return request -> {
            HandlerComponent handler = handlers.create(request);
            if (!wrappable(handler)) {
                return handler;
            }
            Optional<ContentCoding> coding = request.isHead()
                    ? Optional.empty() // HEAD gets the head GET would get, less the body: never a coded one
                    : AcceptEncoding.negotiate(request.headers(), offered);
            if (coding.isEmpty()) {
                // Nothing to code: only the head may change, which needs no component between handler and client.
                return handler.responseHeadRewrite(new VaryOnAcceptEncoding(this, request.isHead()));
            }
            return new CompressingHandler(handler, new ResponseCompressor(this, coding, request))
                    .route(handler.route());
        };
    }

    /**
     * Whether zstd can be offered in this process: {@code com.github.luben:zstd-jni} is on the class path and its
     * native code loads (found out once).
     */
    public static boolean zstdAvailable() {
        return ZstdSupport.isAvailable();
    }

    /** The codings negotiated, in order of preference: {@link #codings()}, less zstd when it is not available. */
    List<ContentCoding> offered(boolean zstdAvailable) {
        List<ContentCoding> offered = new ArrayList<>(codings);
        if (!zstdAvailable) {
            offered.remove(ContentCoding.ZSTD);
        }
        return List.copyOf(offered);
    }

    private static boolean wrappable(HandlerComponent handler) {
        return handler != null && !handler.persistent() && handler.state() == ComponentState.CREATED;
    }

    /** Whether a response with this {@code Content-Type} value is of a compressed type. */
    boolean compressible(String contentType) {
        String type = mediaType(contentType);
        int slash = type.indexOf('/');
        for (String listed : mimeTypes) {
            if (listed.equals(type)
                    || listed.equals("*/*")
                    || (listed.endsWith("/*") && slash > 0 && type.regionMatches(0, listed, 0, slash + 1))) {
                return true;
            }
        }
        return false;
    }

    /** The media type of a {@code Content-Type} value: lower case, parameters dropped (RFC 9110 section 8.3.1). */
    private static String mediaType(String value) {
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
