package org.kamaelia.http.spring.boot.server;

import org.kamaelia.http.observe.access.AccessLogSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes access-log lines at INFO to the SLF4J logger {@code org.kamaelia.http.access}, so that the application's
 * logging system (Logback by default in Boot) decides the file, the rotation and whether the lines are also on the
 * console: {@code logging.level.org.kamaelia.http.access=off} silences them.
 *
 * <p>Called on the access log's writer thread only, never on an event loop.
 */
final class Slf4jAccessLogSink implements AccessLogSink {
    private final Logger logger = LoggerFactory.getLogger(AccessLogSink.LOGGER_NAME);

    @Override
    public void write(String line) {
        logger.info(line);
    }

    @Override
    public String toString() {
        return "SLF4J logger " + AccessLogSink.LOGGER_NAME;
    }
}
