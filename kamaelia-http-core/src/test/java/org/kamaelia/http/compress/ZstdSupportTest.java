package org.kamaelia.http.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** zstd is offered only when its library loads and the settings list it; without the library, the rest works. */
class ZstdSupportTest {
    private static final List<ContentCoding> ALL =
            List.of(ContentCoding.ZSTD, ContentCoding.GZIP, ContentCoding.DEFLATE);

    /** A loader with the core's main and test classes and the JDK, but not zstd-jni (nor anything else). */
    private static URLClassLoader withoutZstd() {
        URL main = ZstdSupport.class.getProtectionDomain().getCodeSource().getLocation();
        URL tests = ZstdAbsentCheck.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {main, tests}, ClassLoader.getPlatformClassLoader());
    }

    @Test
    void theProbeFindsTheLibraryWhereItIs() {
        assertThat(ZstdSupport.probe(ZstdSupportTest.class.getClassLoader())).isTrue();
    }

    @Test
    void theProbeReportsTheLibraryAbsentWhereItIsNot() throws Exception {
        try (URLClassLoader loader = withoutZstd()) {
            assertThat(ZstdSupport.probe(loader)).isFalse();
        }
    }

    @Test
    void aCoreWithoutTheLibraryNegotiatesTheNextCodingAndNeverLinksToIt() throws Exception {
        try (URLClassLoader loader = withoutZstd()) {
            Class<?> check = loader.loadClass(ZstdAbsentCheck.class.getName());
            assertThat(check.getClassLoader()).isSameAs(loader); // the core's classes as that loader sees them
            @SuppressWarnings("unchecked")
            Callable<String> run = (Callable<String>) check.getConstructor().newInstance();
            assertThat(run.call()).isEqualTo("available=false chosen=gzip encoder=BodyDeflater");
        }
    }

    @Test
    void zstdIsOffByDefaultEvenWithTheLibraryPresent() {
        assertThat(Compression.defaults().codings()).containsExactly(ContentCoding.GZIP, ContentCoding.DEFLATE);
        assertThat(Compression.defaults().offered(true)).doesNotContain(ContentCoding.ZSTD);
    }

    @Test
    void listedZstdIsOfferedOnlyWhenAvailableAndInTheListedOrder() {
        Compression settings = Compression.defaults().withCodings(ALL);
        assertThat(settings.offered(true)).containsExactlyElementsOf(ALL);
        assertThat(settings.offered(false)).containsExactly(ContentCoding.GZIP, ContentCoding.DEFLATE);
        assertThat(Compression.defaults()
                        .withCodings(List.of(ContentCoding.GZIP, ContentCoding.ZSTD))
                        .offered(true))
                .containsExactly(ContentCoding.GZIP, ContentCoding.ZSTD);
        assertThat(Compression.defaults()
                        .withCodings(List.of(ContentCoding.ZSTD))
                        .offered(false))
                .isEmpty();
    }

    @Test
    void settingsRejectAZstdLevelOutOfRangeAndAnEmptyList() {
        assertThat(Compression.defaults().withZstdLevel(19).zstdLevel()).isEqualTo(19);
        assertThatThrownBy(() -> Compression.defaults().withZstdLevel(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compression.defaults().withZstdLevel(20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compression.defaults().withCodings(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Compression.defaults()
                        .withCodings(List.of(ContentCoding.GZIP, ContentCoding.GZIP))
                        .codings())
                .containsExactly(ContentCoding.GZIP);
    }
}
