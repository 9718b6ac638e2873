package org.kamaelia.http.message;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * An ordered, immutable list of header fields in which names compare without regard to ASCII case; repeated
 * fields are kept (unlike the original's dictionary, which kept only the last).
 */
public final class HttpHeaders implements Iterable<HttpHeaders.Field> {
    /** No fields. */
    public static final HttpHeaders EMPTY = new HttpHeaders(List.of());

    private final List<Field> fields;

    /**
     * One header field.
     *
     * @param name the field name as sent
     * @param value the field value, without surrounding whitespace
     */
    public record Field(String name, String value) {}

    private HttpHeaders(List<Field> fields) {
        this.fields = fields;
    }

    /** Headers from alternating names and values, validated as response headers are. */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** A builder that validates names and values. */
    public static Builder builder() {
        return new Builder();
    }

    /** The value of the first field called {@code name}. */
    public Optional<String> first(String name) {
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }

    /** The value of the first field called {@code name}, or {@code fallback}. */
    public String firstOr(String name, String fallback) {
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                return field.value();
            }
        }
        return fallback;
    }

    /** The values of every field called {@code name}, in order. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(1);
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                values.add(field.value());
            }
        }
        return values;
    }

    /** How many fields are called {@code name}. */
    public int count(String name) {
        int count = 0;
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                count++;
            }
        }
        return count;
    }

    /** Whether a field called {@code name} is present. */
    public boolean contains(String name) {
        return count(name) > 0;
    }

    /**
     * Whether any field called {@code name} holds {@code token} in its comma-separated list, ignoring case
     * (for {@code Connection: close} and the like).
     */
    public boolean containsToken(String name, String token) {
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name) && listHasToken(field.value(), token)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a comma-separated list holds {@code token} as an item, ignoring case and whitespace around it. */
    private static boolean listHasToken(String list, String token) {
        int n = list.length();
        int start = 0;
        while (start <= n) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int from = start;
            int to = end;
            while (from < to && isWhitespace(list.charAt(from))) {
                from++;
            }
            while (to > from && isWhitespace(list.charAt(to - 1))) {
                to--;
            }
            if (to - from == token.length() && list.regionMatches(true, from, token, 0, token.length())) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            start = comma + 1;
        }
        return false;
    }

    private static boolean isWhitespace(char c) {
        return c <= ' ';
    }

    /** The number of fields. */
    public int size() {
        return fields.size();
    }

    /** Whether there are no fields. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The fields, in order. */
    public List<Field> fields() {
        return fields;
    }

    @Override
    public Iterator<Field> iterator() {
        return fields.iterator();
    }

    /** A builder starting from these fields. */
    public Builder toBuilder() {
        Builder builder = builder();
        builder.fields.addAll(fields);
        return builder;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpHeaders headers && headers.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }

    /** Collects fields in order. */
    public static final class Builder {
        private final List<Field> fields = new ArrayList<>();

        private Builder() {}

        /**
         * Adds a field.
         *
         * @throws IllegalArgumentException if the name is not a token or the value holds CR, LF, NUL or another
         *     control character (header injection is refused, never emitted)
         */
        public Builder add(String name, String value) {
            HttpSyntax.requireFieldName(name);
            HttpSyntax.requireFieldValue(name, value);
            fields.add(new Field(name, value));
            return this;
        }

        /** Adds every field of {@code more}, which were validated when it was built. */
        public Builder addAll(HttpHeaders more) {
            fields.addAll(more.fields);
            return this;
        }

        /** Replaces every field called {@code name} with one holding {@code value}. */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        /** Removes every field called {@code name}. */
        public Builder remove(String name) {
            fields.removeIf(f -> f.name().equalsIgnoreCase(name));
            return this;
        }

        /** Whether a field called {@code name} has been added. */
        public boolean contains(String name) {
            for (Field field : fields) {
                if (field.name().equalsIgnoreCase(name)) {
                    return true;
                }
            }
            return false;
        }

        /** The headers collected so far. */
        public HttpHeaders build() {
            return fields.isEmpty() ? EMPTY : new HttpHeaders(List.copyOf(fields));
        }
    }
}
