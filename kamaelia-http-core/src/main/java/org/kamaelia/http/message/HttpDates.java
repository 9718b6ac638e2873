package org.kamaelia.http.message;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/** HTTP dates (RFC 9110 section 5.6.7): IMF-fixdate out; IMF-fixdate, RFC 850 and asctime in. */
public final class HttpDates {
    // Not DateTimeFormatter.RFC_1123_DATE_TIME: that one writes days 1-9 with one digit ("Wed, 2 Dec 2026"),
    // which RFC 1123 allows but IMF-fixdate does not (day = 2DIGIT).
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    // RFC 9110 section 5.6.7: a two-digit year more than 50 years in the future names the most recent past year
    // with those digits ("94" is 1994, not 2094), so the century window starts 50 years back.
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(
                    ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).minusYears(50))
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.US).withZone(ZoneOffset.UTC);
    // Recipients accept the one-digit day too (RFC 1123 dates are common in the wild).
    private static final DateTimeFormatter[] ACCEPTED = {
        IMF_FIXDATE, DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME
    };

    private HttpDates() {}

    /** {@code instant} as an IMF-fixdate, to the second: {@code Wed, 02 Dec 2026 21:53:29 GMT}. */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@code epochSecond} as an IMF-fixdate. */
    public static String formatEpochSecond(long epochSecond) {
        return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
    }

    /** The instant an HTTP date names, or empty if it is not a valid HTTP date. */
    public static Optional<Instant> parse(String text) {
        String value = text.trim();
        for (DateTimeFormatter format : ACCEPTED) {
            try {
                Instant instant = Instant.from(format.parse(value));
                return Optional.of(instant);
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return Optional.empty();
    }
}
