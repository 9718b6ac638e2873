package org.kamaelia.http.resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.kamaelia.http.handler.FileResponder;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.HttpDates;
import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.ResponseHead;

/**
 * Serves files under a URL prefix from a directory or a classpath location, as a careful web server does.
 *
 * <pre>{@code
 * StaticFiles site = StaticFiles.directory(Path.of("public")).mountedAt("/").cacheControl("max-age=60").build();
 * HttpServer.builder().route("/", site, Set.of("GET", "HEAD")).start();
 * }</pre>
 *
 * <ul>
 *   <li>a directory serves its index file; a directory asked for without its trailing slash is redirected (301) to
 *       the slash form; a missing file or index is a 404, never a hang;
 *   <li>no way out of the root: dot segments are resolved (and refused above the root) by the parser, encoded
 *       slashes, backslashes and NUL are refused, and symbolic links that lead outside the root are 404 unless
 *       allowed;
 *   <li>a strong {@code ETag} and {@code Last-Modified}; {@code If-Match}, {@code If-Unmodified-Since} (412),
 *       {@code If-None-Match} (with {@code *} and weak comparison) and {@code If-Modified-Since} (304), in the
 *       order of RFC 9110 section 13.2.2;
 *   <li>{@code Accept-Ranges: bytes}; one range gives 206 with {@code Content-Range}, several give
 *       {@code multipart/byteranges}, none satisfiable gives 416 with {@code Content-Range: bytes &#42;/length};
 *       {@code If-Range} is honoured; other range units are ignored;
 *   <li>{@code file.gz} next to {@code file} is served, with {@code Content-Encoding: gzip}, to clients that
 *       accept gzip; {@code Vary: Accept-Encoding} is sent whenever such a variant exists;
 *   <li>the body is read in 64 KiB parts only as fast as the client takes it.
 * </ul>
 *
 * <p>File metadata is read on the event loop when a request arrives; a local disk answers that in microseconds.
 */
public final class StaticFiles implements RequestHandlerFactory {
    private final Path root;
    private final Path realRoot;
    private final String prefix;
    private final String indexFile;
    private final Optional<String> cacheControl;
    private final MimeTypes mimeTypes;
    private final boolean followLinksOutsideRoot;
    private final boolean precompressed;

    private StaticFiles(Builder builder) {
        this.root = builder.root.toAbsolutePath().normalize();
        try {
            this.realRoot = Files.exists(root) ? root.toRealPath() : root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + root, e);
        }
        this.prefix = builder.prefix.equals("/") ? "" : builder.prefix;
        this.indexFile = builder.indexFile;
        this.cacheControl = builder.cacheControl;
        this.mimeTypes = builder.mimeTypes;
        this.followLinksOutsideRoot = builder.followLinksOutsideRoot;
        this.precompressed = builder.precompressed;
    }

    /** Files under the directory {@code root}. */
    public static Builder directory(Path root) {
        return new Builder(root);
    }

    /**
     * Files under {@code location} on the classpath of {@code loader} (a directory, or a folder inside a jar).
     *
     * @throws IllegalArgumentException if the location does not exist
     */
    public static Builder classpath(String location, ClassLoader loader) {
        String name = location.startsWith("/") ? location.substring(1) : location;
        URL url = loader.getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("no classpath location " + location);
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try {
                    FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    FileSystems.newFileSystem(uri, Map.of());
                }
            }
            return new Builder(Path.of(uri));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalArgumentException("cannot open classpath location " + location, e);
        }
    }

    @Override
    public HandlerComponent create(RequestHead head) {
        try {
            return serve(head);
        } catch (IOException e) {
            return Handlers.error(404, "Not found.");
        }
    }

    private HandlerComponent serve(RequestHead head) throws IOException {
        String method = head.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            if (method.equals("OPTIONS")) {
                return Handlers.function(r -> HttpResponse.empty(204).withHeader("Allow", "GET, HEAD, OPTIONS"))
                        .create(head);
            }
            return Handlers.error(405, "Method not allowed.", HttpHeaders.of("Allow", "GET, HEAD, OPTIONS"));
        }
        String path = head.path();
        if (!(path.equals(prefix) || path.startsWith(prefix + "/")) && !prefix.isEmpty()) {
            return notFound();
        }
        String relative = path.substring(prefix.length());
        List<String> segments = new ArrayList<>();
        for (String segment : relative.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
                return notFound();
            }
            segments.add(segment);
        }
        Path file = root;
        for (String segment : segments) {
            file = file.resolve(segment);
        }
        file = file.normalize();
        if (!file.startsWith(root) || !Files.exists(file)) {
            return notFound();
        }
        if (!followLinksOutsideRoot && !file.toRealPath().startsWith(realRoot)) {
            return notFound();
        }
        if (relative.endsWith("/") && !Files.isDirectory(file)) {
            return notFound(); // a file named as a directory ("/a.txt/") is not there, as in Apache and nginx
        }
        if (Files.isDirectory(file)) {
            if (!relative.endsWith("/") && !(relative.isEmpty() && prefix.isEmpty())) {
                String location = head.target().rawPath() + "/"
                        + head.target().rawQuery().map(q -> "?" + q).orElse("");
                return Handlers.function(r -> HttpResponse.bytes(301, "text/html; charset=utf-8", movedPage(location))
                                .withHeader("Location", location))
                        .create(head);
            }
            file = file.resolve(indexFile);
            if (!Files.isRegularFile(file)
                    || (!followLinksOutsideRoot && !file.toRealPath().startsWith(realRoot))) {
                return notFound();
            }
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return notFound();
        }
        return respond(head, file);
    }

    private HandlerComponent respond(RequestHead head, Path file) throws IOException {
        String contentType = mimeTypes.contentType(file.getFileName().toString());
        Path variant = file;
        boolean gzipped = false;
        boolean hasGzipVariant = false;
        if (precompressed) {
            Path gz = file.resolveSibling(file.getFileName() + ".gz");
            hasGzipVariant = Files.isRegularFile(gz)
                    && (followLinksOutsideRoot || gz.toRealPath().startsWith(realRoot));
            if (hasGzipVariant && acceptsGzip(head.headers())) {
                variant = gz;
                gzipped = true;
            }
        }
        BasicFileAttributes attributes =
                Files.readAttributes(variant, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            attributes = Files.readAttributes(variant, BasicFileAttributes.class);
        }
        long length = attributes.size();
        Instant modified = attributes.lastModifiedTime().toInstant();
        String etag = "\"" + Long.toHexString(length) + "-" + Long.toHexString(modified.toEpochMilli())
                + (gzipped ? "-gz" : "") + "\"";
        String lastModified = HttpDates.format(modified);

        HttpHeaders.Builder common = HttpHeaders.builder()
                .add("ETag", etag)
                .add("Last-Modified", lastModified)
                .add("Accept-Ranges", "bytes");
        cacheControl.ifPresent(value -> common.add("Cache-Control", value));
        if (hasGzipVariant) {
            common.add("Vary", "Accept-Encoding");
        }

        // Preconditions, in the order of RFC 9110 section 13.2.2.
        HttpHeaders request = head.headers();
        Optional<String> ifMatch = request.first("If-Match");
        if (ifMatch.isPresent()) {
            if (!Validators.matches(ifMatch.get(), etag, false)) {
                return status(412, common, variant);
            }
        } else {
            Optional<Instant> since = request.first("If-Unmodified-Since").flatMap(HttpDates::parse);
            if (since.isPresent() && modified.getEpochSecond() > since.get().getEpochSecond()) {
                return status(412, common, variant);
            }
        }
        Optional<String> ifNoneMatch = request.first("If-None-Match");
        if (ifNoneMatch.isPresent()) {
            if (Validators.matches(ifNoneMatch.get(), etag, true)) {
                return status(304, common, variant);
            }
        } else {
            Optional<Instant> since = request.first("If-Modified-Since").flatMap(HttpDates::parse);
            if (since.isPresent() && modified.getEpochSecond() <= since.get().getEpochSecond()) {
                return status(304, common, variant);
            }
        }

        HttpHeaders.Builder headers = common.build().toBuilder().add("Content-Type", contentType);
        if (gzipped) {
            headers.add("Content-Encoding", "gzip");
        }
        boolean body = !head.isHead();
        ByteRanges.Request ranges = new ByteRanges.Ignore();
        if (head.method().equals("GET")) {
            Optional<String> ifRange = request.first("If-Range");
            boolean rangeAllowed = ifRange.isEmpty() || Validators.ifRangeHolds(ifRange.get(), etag, lastModified);
            if (rangeAllowed) {
                ranges = ByteRanges.parse(request.first("Range"), length);
            }
        }
        if (ranges instanceof ByteRanges.Unsatisfiable) {
            byte[] page = "Range not satisfiable.\n".getBytes(StandardCharsets.US_ASCII);
            ResponseHead answer = ResponseHead.status(416)
                    .headers(common.build())
                    .header("Content-Range", "bytes */" + length)
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .contentLength(page.length)
                    .build();
            return new FileResponder(answer, variant, List.of(new FileResponder.Literal(page)), body);
        }
        if (ranges instanceof ByteRanges.Satisfiable satisfiable) {
            List<ByteRanges.Range> list = satisfiable.ranges();
            if (list.size() == 1) {
                ByteRanges.Range range = list.get(0);
                ResponseHead answer = ResponseHead.status(206)
                        .headers(headers.build())
                        .header("Content-Range", range.contentRange(length))
                        .contentLength(range.length())
                        .build();
                return new FileResponder(
                        answer, variant, List.of(new FileResponder.Region(range.first(), range.length())), body);
            }
            return multipart(variant, list, length, common.build(), contentType, gzipped, body);
        }
        ResponseHead answer = ResponseHead.status(200)
                .headers(headers.build())
                .contentLength(length)
                .build();
        return new FileResponder(answer, variant, List.of(new FileResponder.Region(0, length)), body);
    }

    private static HandlerComponent multipart(
            Path file,
            List<ByteRanges.Range> ranges,
            long length,
            HttpHeaders common,
            String contentType,
            boolean gzipped,
            boolean body) {
        String boundary =
                "kamaelia-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        List<FileResponder.Piece> pieces = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < ranges.size(); i++) {
            ByteRanges.Range range = ranges.get(i);
            String partHead = (i == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: " + contentType
                    + "\r\nContent-Range: " + range.contentRange(length) + "\r\n\r\n";
            byte[] bytes = partHead.getBytes(StandardCharsets.US_ASCII);
            pieces.add(new FileResponder.Literal(bytes));
            pieces.add(new FileResponder.Region(range.first(), range.length()));
            total += bytes.length + range.length();
        }
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        pieces.add(new FileResponder.Literal(end));
        total += end.length;
        ResponseHead.Builder answer = ResponseHead.status(206)
                .headers(common)
                .header("Content-Type", "multipart/byteranges; boundary=" + boundary)
                .contentLength(total);
        if (gzipped) {
            answer.header("Content-Encoding", "gzip");
        }
        return new FileResponder(answer.build(), file, pieces, body);
    }

    /** A head-only answer (304, 412) about {@code file}: the responder sends the head and the end, no pieces. */
    private static HandlerComponent status(int status, HttpHeaders.Builder headers, Path file) {
        ResponseHead head = ResponseHead.status(status)
                .headers(headers.build())
                .contentLength(0)
                .build();
        return new FileResponder(head, file, List.of(), false);
    }

    private static HandlerComponent notFound() {
        return Handlers.error(404, "Not found.");
    }

    private static byte[] movedPage(String location) {
        return ("<!DOCTYPE html>\n<html><body><a href=\"" + org.kamaelia.http.handler.ErrorPages.escape(location)
                        + "\">Moved here</a></body></html>\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether the client accepts gzip: an explicit {@code gzip} item decides; {@code *} only speaks for codings not
     * listed (RFC 9110 section 12.5.3), so {@code gzip;q=0, *} refuses gzip.
     */
    private static boolean acceptsGzip(HttpHeaders headers) {
        Boolean gzip = null;
        boolean wildcard = false;
        for (String value : headers.all("Accept-Encoding")) {
            for (String item : value.split(",")) {
                String[] parts = item.trim().split(";");
                String coding = parts[0].trim().toLowerCase(Locale.ROOT);
                if (!coding.equals("gzip") && !coding.equals("*")) {
                    continue;
                }
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
                    if (parameter.startsWith("q=")) {
                        try {
                            refused = Double.parseDouble(parameter.substring(2)) <= 0;
                        } catch (NumberFormatException e) {
                            refused = true;
                        }
                    }
                }
                if (coding.equals("gzip")) {
                    gzip = (gzip != null && gzip) || !refused;
                } else {
                    wildcard |= !refused;
                }
            }
        }
        return gzip != null ? gzip : wildcard;
    }

    /** Settings for {@link StaticFiles}. */
    public static final class Builder {
        private final Path root;
        private String prefix = "/";
        private String indexFile = "index.html";
        private Optional<String> cacheControl = Optional.empty();
        private MimeTypes mimeTypes = MimeTypes.defaults();
        private boolean followLinksOutsideRoot;
        private boolean precompressed = true;

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        /** The route prefix the files are served under ({@code /} by default); URL paths below it map to files. */
        public Builder mountedAt(String value) {
            String p = value;
            while (p.length() > 1 && p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            if (!p.startsWith("/")) {
                throw new IllegalArgumentException("a prefix starts with '/': " + value);
            }
            this.prefix = p;
            return this;
        }

        /** The file served for a directory ({@code index.html} by default). */
        public Builder indexFile(String value) {
            this.indexFile = Objects.requireNonNull(value, "indexFile");
            return this;
        }

        /** A {@code Cache-Control} value for every file (none by default). */
        public Builder cacheControl(String value) {
            this.cacheControl =
                    Optional.of(HttpHeaders.of("Cache-Control", value).firstOr("Cache-Control", ""));
            return this;
        }

        /** The extension-to-type table. */
        public Builder mimeTypes(MimeTypes value) {
            this.mimeTypes = Objects.requireNonNull(value, "mimeTypes");
            return this;
        }

        /** Whether symbolic links may lead outside the root (no by default). */
        public Builder followLinksOutsideRoot(boolean value) {
            this.followLinksOutsideRoot = value;
            return this;
        }

        /** Whether {@code file.gz} variants are served to clients that accept gzip (yes by default). */
        public Builder precompressed(boolean value) {
            this.precompressed = value;
            return this;
        }

        /** The factory. */
        public StaticFiles build() {
            return new StaticFiles(this);
        }
    }
}
