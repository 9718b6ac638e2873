package org.kamaelia.http.compress;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.HttpHeaders;

/**
 * Run by {@link ZstdSupportTest} in a class loader that sees the core's classes but not zstd-jni: what a core
 * without the optional library does when zstd is asked for. Uses nothing outside the JDK and the core.
 */
public final class ZstdAbsentCheck implements Callable<String> {
    @Override
    public String call() {
        Compression settings = Compression.defaults()
                .withCodings(List.of(ContentCoding.ZSTD, ContentCoding.GZIP, ContentCoding.DEFLATE));
        settings.applyTo(request -> null); // wrapping a factory looks for zstd once and must not link to it
        Optional<ContentCoding> chosen = AcceptEncoding.negotiate(
                HttpHeaders.of("Accept-Encoding", "zstd, gzip"), settings.offered(Compression.zstdAvailable()));
        BodyEncoder encoder = BodyEncoder.open(chosen.orElseThrow(), settings, -1);
        encoder.write(ByteChunk.utf8("plain text"), true);
        encoder.finish();
        return "available=" + Compression.zstdAvailable() + " chosen="
                + chosen.get().token() + " encoder=" + encoder.getClass().getSimpleName();
    }
}
