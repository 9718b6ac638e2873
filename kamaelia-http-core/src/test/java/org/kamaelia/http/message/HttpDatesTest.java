package org.kamaelia.http.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.codec.response.DateCache;

class HttpDatesTest {
    // RFC 9110 section 5.6.7: IMF-fixdate = day-name "," SP 2DIGIT SP month SP 4DIGIT SP hh:mm:ss SP "GMT"
    private static final Pattern IMF_FIXDATE = Pattern.compile(
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4}"
                    + " \\d{2}:\\d{2}:\\d{2} GMT");

    @Test
    void everyDayOfAMonthIsAnImfFixdate() {
        for (int day = 1; day <= 31; day++) {
            Instant instant = LocalDate.of(2026, 12, day).atTime(3, 4, 5).toInstant(ZoneOffset.UTC);
            String text = HttpDates.format(instant);
            assertThat(text).matches(IMF_FIXDATE);
            assertThat(text).contains(String.format(" %02d Dec 2026 03:04:05 GMT", day));
            assertThat(HttpDates.parse(text)).contains(instant);
        }
    }

    @Test
    void theDateHeaderIsAnImfFixdateOnEveryDayOfAMonth() {
        for (int day = 1; day <= 31; day++) {
            Instant instant = LocalDate.of(2026, 12, day).atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
            DateCache cache = new DateCache(Clock.fixed(instant, ZoneOffset.UTC));
            String line = new String(cache.line(), StandardCharsets.US_ASCII);
            assertThat(line).startsWith("Date: ").endsWith("\r\n");
            assertThat(line.substring(6, line.length() - 2)).matches(IMF_FIXDATE);
            assertThat(line)
                    .isEqualTo(String.format(
                            "Date: %s, %02d Dec 2026 23:59:59 GMT\r\n",
                            instant.atZone(ZoneOffset.UTC)
                                    .getDayOfWeek()
                                    .getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.US),
                            day));
        }
    }

    @Test
    void formatsTruncateToTheSecond() {
        assertThat(HttpDates.format(Instant.parse("2026-03-01T00:00:00.999Z")))
                .isEqualTo("Sun, 01 Mar 2026 00:00:00 GMT");
    }

    @Test
    void acceptsTheThreeFormatsAndTheOneDigitDay() {
        Instant expected = Instant.parse("1994-11-06T08:49:37Z");
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).contains(expected);
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).contains(expected);
        assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).contains(expected);
        assertThat(HttpDates.parse("Sun, 6 Nov 1994 08:49:37 GMT")).contains(expected);
        assertThat(HttpDates.parse("yesterday")).isEmpty();
    }
}
