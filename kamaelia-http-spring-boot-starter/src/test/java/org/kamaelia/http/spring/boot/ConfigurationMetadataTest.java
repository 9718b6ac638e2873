package org.kamaelia.http.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the IDE metadata, docs/configuration.md and {@link KamaeliaHttpProperties} in step: the same keys, the
 * same defaults, the same types.
 *
 * <p>Metadata names map entries and list elements as {@code servers.*.routes[*].prefix}; the docs table writes
 * {@code servers.<name>.routes[i].prefix}. A docs default is a literal when it is one code span (such as
 * {@code `8KB`}), and prose otherwise ("loopback", "(required)"): a literal must equal the metadata default, and
 * prose means the metadata has none.
 *
 * <p>The configuration processor merges additional-spring-configuration-metadata.json only when javac runs, so
 * after editing just that file, build the starter from clean or this test reads the old merge.
 */
class ConfigurationMetadataTest {

    private static final String PREFIX = "kamaelia.http.";

    private static final Path DOCS = Path.of("..", "docs", "configuration.md");

    private static final Pattern LITERAL = Pattern.compile("`([^`]+)`");

    private static Map<String, JsonNode> properties;

    private static List<JsonNode> hints;

    private static Map<String, String> documented;

    @BeforeAll
    static void load() throws IOException {
        JsonNode metadata = ownMetadata();
        properties = new LinkedHashMap<>();
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asString();
            if (name.startsWith(PREFIX)) {
                assertThat(properties.put(name, property))
                        .as("%s appears once in the metadata", name)
                        .isNull();
            }
        }
        hints = new ArrayList<>();
        metadata.path("hints").forEach(hints::add);
        documented = documentedKeys();
    }

    @Test
    void everyDocumentedKeyHasMetadataAndEveryMetadataKeyIsDocumented() {
        Set<String> undocumented = new TreeSet<>(properties.keySet());
        undocumented.removeAll(documented.keySet());
        Set<String> withoutMetadata = new TreeSet<>(documented.keySet());
        withoutMetadata.removeAll(properties.keySet());
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(undocumented)
                .as("metadata properties missing from %s", DOCS)
                .isEmpty();
        softly.assertThat(withoutMetadata)
                .as("keys in %s missing from the metadata", DOCS)
                .isEmpty();
        softly.assertAll();
    }

    @Test
    void documentedDefaultsEqualMetadataDefaults() {
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, String> row : documented.entrySet()) {
            JsonNode property = properties.get(row.getKey());
            if (property == null) {
                continue; // reported by the key comparison
            }
            Matcher literal = LITERAL.matcher(row.getValue().trim());
            JsonNode metadataDefault = property.get("defaultValue");
            if (literal.matches() && metadataDefault == null) {
                softly.fail(
                        "%s is documented with default %s but has none in the metadata", row.getKey(), row.getValue());
            } else if (literal.matches()) {
                softly.assertThat(sameValue(type(property), literal.group(1), text(metadataDefault)))
                        .as(
                                "%s: documented default %s, metadata default %s",
                                row.getKey(), row.getValue(), text(metadataDefault))
                        .isTrue();
            } else {
                softly.assertThat(metadataDefault)
                        .as(
                                "%s has metadata default %s but the docs say '%s' (write it as `%s`)",
                                row.getKey(), metadataDefault, row.getValue(), metadataDefault)
                        .isNull();
            }
        }
        softly.assertAll();
    }

    @Test
    void metadataDefaultsAndTypesAreTheCodes() {
        SoftAssertions softly = new SoftAssertions();
        // One server with one route is enough to reach every nested property through a bean path.
        KamaeliaHttpProperties code = new KamaeliaHttpProperties();
        KamaeliaHttpProperties.Server server = new KamaeliaHttpProperties.Server();
        server.getRoutes().add(new KamaeliaHttpProperties.Route());
        code.getServers().put("x", server);
        BeanWrapperImpl wrapper = new BeanWrapperImpl(code);
        for (JsonNode property : properties.values()) {
            String name = property.get("name").asString();
            String path = beanPath(name.substring(PREFIX.length()));
            Class<?> javaType = wrapper.getPropertyType(path);
            if (javaType == null) {
                softly.fail("%s is not a property of KamaeliaHttpProperties (no %s)", name, path);
                continue;
            }
            softly.assertThat(ClassUtils.resolvePrimitiveIfNecessary(javaType).getName())
                    .as("type of %s", name)
                    .isEqualTo(rawType(property));
            Object value = wrapper.getPropertyValue(path);
            JsonNode metadataDefault = property.get("defaultValue");
            if (metadataDefault == null) {
                softly.assertThat(value == null
                                || (value instanceof Collection<?> c && c.isEmpty())
                                || value instanceof Map)
                        .as("%s has no metadata default but the code gives it %s", name, value)
                        .isTrue();
            } else if (value == null) {
                softly.fail("%s has metadata default %s but none in the code", name, metadataDefault);
            } else {
                softly.assertThat(sameValue(type(property), String.valueOf(value), text(metadataDefault)))
                        .as("%s: code default %s, metadata default %s", name, value, text(metadataDefault))
                        .isTrue();
            }
        }
        softly.assertAll();
    }

    @Test
    void everyHintIsForAKnownProperty() {
        for (JsonNode hint : hints) {
            String name = hint.get("name").asString();
            if (name.startsWith(PREFIX)) {
                assertThat(properties).as("hint %s", name).containsKey(name);
            }
        }
    }

    @Test
    void handlerAndStaticLocationAndMethodsHaveHints() {
        assertThat(providers("kamaelia.http.servers.*.routes[*].handler")).contains("spring-bean-reference");
        assertThat(providers("kamaelia.http.servers.*.routes[*].static-location"))
                .contains("handle-as:org.springframework.core.io.Resource");
        List<String> methods = new ArrayList<>();
        hint("kamaelia.http.servers.*.routes[*].methods")
                .get("values")
                .forEach(v -> methods.add(v.get("value").asString()));
        assertThat(methods).containsExactly("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    }

    /** The metadata of this module, merged from the processor's output and the hand-written additions. */
    private static JsonNode ownMetadata() throws IOException {
        JsonMapper mapper = JsonMapper.builder().build();
        List<JsonNode> own = new ArrayList<>();
        for (URL url : Collections.list(ConfigurationMetadataTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode metadata = mapper.readTree(in);
                for (JsonNode group : metadata.path("groups")) {
                    if (group.get("name").asString().equals("kamaelia.http")) {
                        own.add(metadata);
                    }
                }
            }
        }
        assertThat(own).as("one metadata file declares kamaelia.http").hasSize(1);
        return own.get(0);
    }

    /** Keys of the docs table, normalised to metadata names, with their default cells. */
    private static Map<String, String> documentedKeys() throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOCS, StandardCharsets.UTF_8)) {
            if (!line.startsWith("| `" + PREFIX)) {
                continue;
            }
            String[] cells = line.split("\\|", 4);
            String key = cells[1].trim();
            assertThat(key).as("key cell of: %s", line).matches("`[^`]+`");
            String name =
                    key.substring(1, key.length() - 1).replace("<name>", "*").replace("[i]", "[*]");
            assertThat(keys.put(name, cells[2].trim()))
                    .as("%s is documented once", name)
                    .isNull();
        }
        assertThat(keys).as("rows in %s", DOCS).isNotEmpty();
        return keys;
    }

    /** {@code servers.*.routes[*].index-file} becomes {@code servers[x].routes[0].indexFile}. */
    private static String beanPath(String name) {
        StringBuilder path = new StringBuilder();
        String rest = name.replace(".*", "[x]").replace("[*]", "[0]");
        boolean upper = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '-') {
                upper = true;
            } else {
                path.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return path.toString();
    }

    /** Compares two written values as the binder would read them, so that 0 and 0s, or 8KB and 8192B, agree. */
    /** A metadata default as text: a list default (a JSON array) as its items joined with commas. */
    private static String text(JsonNode value) {
        if (!value.isArray()) {
            return value.asString();
        }
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.asString()));
        return String.join(",", items);
    }

    private static boolean sameValue(String type, String a, String b) {
        if (type.startsWith("java.util.List<")) {
            // a list: "[a, b]" from the code, "a, b" from the docs, "a,b" from the metadata
            return items(a).equals(items(b));
        }
        if (type.equals("java.time.Duration")) {
            return DurationStyle.detectAndParse(a).equals(DurationStyle.detectAndParse(b));
        }
        if (type.equals(DataSize.class.getName())) {
            return DataSize.parse(a).equals(DataSize.parse(b));
        }
        if (type.contains("$")) {
            // An enum: the binder ignores case and the processor writes constants in lower case.
            return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
        }
        return a.equals(b);
    }

    private static List<String> items(String list) {
        String bare = list.startsWith("[") && list.endsWith("]") ? list.substring(1, list.length() - 1) : list;
        return java.util.Arrays.stream(bare.split(",")).map(String::trim).toList();
    }

    private static String type(JsonNode property) {
        return property.get("type").asString();
    }

    private static String rawType(JsonNode property) {
        String type = type(property);
        int generic = type.indexOf('<');
        return generic < 0 ? type : type.substring(0, generic);
    }

    private static JsonNode hint(String name) {
        return hints.stream()
                .filter(h -> h.get("name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no hint for " + name));
    }

    private static List<String> providers(String name) {
        List<String> providers = new ArrayList<>();
        JsonNode list = hint(name).get("providers");
        if (list != null) {
            for (JsonNode provider : list) {
                JsonNode target = provider.path("parameters").get("target");
                providers.add(provider.get("name").asString() + (target == null ? "" : ":" + target.asString()));
            }
        }
        return providers;
    }
}
