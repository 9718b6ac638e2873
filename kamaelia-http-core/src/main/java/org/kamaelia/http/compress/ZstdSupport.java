package org.kamaelia.http.compress;

/**
 * Whether the optional zstd library ({@code com.github.luben:zstd-jni}) and its native code load in this process:
 * found out once, by name, so that nothing here links to the library when it is absent.
 */
final class ZstdSupport {
    private static final String NATIVE_LOADER = "com.github.luben.zstd.util.Native";
    private static final boolean AVAILABLE = probe(ZstdSupport.class.getClassLoader());

    private ZstdSupport() {}

    /** Whether zstd can be offered. */
    static boolean isAvailable() {
        return AVAILABLE;
    }

    /** Whether zstd-jni is visible through {@code loader} and its native code loads; each call probes again. */
    static boolean probe(ClassLoader loader) {
        try {
            Class<?> nativeLoader = Class.forName(NATIVE_LOADER, true, loader);
            nativeLoader.getMethod("load").invoke(null);
            return true;
        } catch (ClassNotFoundException absent) {
            return false; // the usual case: the dependency is optional
        } catch (ReflectiveOperationException | LinkageError | RuntimeException failed) {
            // Present, but its native code does not load here (an unsupported platform, a read-only temp dir).
            System.getLogger(ZstdSupport.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "com.github.luben:zstd-jni is on the class path but does not load; zstd is not offered",
                            failed);
            return false;
        }
    }
}
