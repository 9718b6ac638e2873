package org.kamaelia.http.observe.access;

import java.lang.System.Logger.Level;

/**
 * Where formatted access-log lines go. The default, {@link #systemLogger()}, writes each line at {@code INFO} to
 * the {@link System.Logger} named {@value #LOGGER_NAME}, so that whatever logging backend the application has
 * (the JDK's own, or SLF4J with Logback or Log4j through their System.Logger bridges) owns files and rotation; the
 * Spring Boot starter writes to the SLF4J logger of the same name.
 *
 * <pre>{@code
 * AccessLog.combined().withSink(line -> myLogger.info(line));
 * }</pre>
 *
 * <p>Called on the access log's own writer thread only, one line at a time, never on an event loop: an
 * implementation may block (a slow sink makes the queue fill and lines be dropped, never the server wait).
 */
@FunctionalInterface
public interface AccessLogSink {
    /** The logger name that access-log lines are written to, as Tomcat and Netty users route them. */
    String LOGGER_NAME = "org.kamaelia.http.access";

    /** Writes one line (without a line terminator). */
    void write(String line);

    /** Pushes out whatever the sink buffers; called when the queue runs empty for a while and when the log stops. */
    default void flush() {}

    /** Each line at {@code INFO} to the {@link System.Logger} named {@value #LOGGER_NAME}. */
    static AccessLogSink systemLogger() {
        System.Logger logger = System.getLogger(LOGGER_NAME);
        return line -> logger.log(Level.INFO, line);
    }

    /** Throws every line away (the lines are still formatted): for measuring what formatting costs. */
    static AccessLogSink discarding() {
        return line -> {};
    }
}
