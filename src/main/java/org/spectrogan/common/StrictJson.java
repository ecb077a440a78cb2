package org.spectrogan.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one reader of the project's JSON settings files (pipelines, adapters, feature sections). Strict: an unknown
 * key, an explicit {@code null}, a string where a number is expected, a fraction where an integer is expected, a
 * number where a string or boolean is expected and trailing content are errors. Every error is a one-line
 * {@link SpectroganException} naming the file and the key (as a dotted path, e.g. {@code gan.steps}); a bad value
 * is quoted (at most ~80 characters).
 */
public final class StrictJson {
    private static final ObjectMapper MAPPER = strictMapper();

    private StrictJson() {
    }

    private static ObjectMapper strictMapper() {
        JsonMapper m = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // explicit nulls are rejected on the tree (naming the key); a missing key of a primitive keeps its default
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual)) {
            m.coercionConfigFor(t)
                    .setCoercion(CoercionInputShape.String, t == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, t == LogicalType.Integer || t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, t == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, t == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        return m;
    }

    /** The strict mapper (for writing, and for callers that bind a tree themselves through {@link #bind}). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Reads {@code file} as a JSON object tree: a missing file, bad JSON, an empty file or an explicit null is an error. */
    public static JsonNode readTree(Path file, String what) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw SpectroganException.inFile(file, "no such " + what);
        } catch (IOException e) {
            throw SpectroganException.inFile(file, "cannot read (" + e.getMessage() + ")", e);
        }
        return parse(file, text, what);
    }

    /** Parses {@code text} (the content of {@code file}) as a JSON object tree without explicit nulls. */
    public static JsonNode parse(Path file, String text, String what) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw SpectroganException.inFile(file, "not valid JSON (" + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()) + ")", e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw SpectroganException.inFile(file, "empty " + what);
        }
        if (!tree.isObject()) {
            throw SpectroganException.inFile(file, "a " + what + " must be a JSON object {...}, got " + kind(tree));
        }
        rejectNulls(file, tree, "");
        return tree;
    }

    /** Reads and binds {@code file} to {@code type}. */
    public static <T> T read(Path file, Class<T> type, String what) {
        return bind(file, readTree(file, what), type, "");
    }

    /**
     * Binds {@code node} (the section {@code section} of {@code file}; "" for the whole file) to {@code type}.
     * Validation errors thrown by the type's constructor (IllegalArgumentException, SpectroganException) keep
     * their message, prefixed by the file.
     */
    public static <T> T bind(Path file, JsonNode node, Class<T> type, String section) {
        rejectNulls(file, node, section);
        try {
            return MAPPER.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            String where = join(section, pathOf(e, true));
            List<String> known = new ArrayList<>();
            if (e.getKnownPropertyIds() != null) {
                e.getKnownPropertyIds().forEach(k -> known.add(k.toString()));
            }
            known.sort(null);
            throw SpectroganException.inFile(file, "unknown key '" + e.getPropertyName() + "'"
                    + (where.isEmpty() ? "" : " in section '" + where + "'") + " (known keys: " + String.join(", ", known) + ")");
        } catch (JsonMappingException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root
                    && !(root instanceof SpectroganException || root instanceof IllegalArgumentException)) {
                root = root.getCause();
            }
            if (root instanceof SpectroganException || root instanceof IllegalArgumentException) {
                String msg = root.getMessage();
                String where = join(section, pathOf(e, false));
                String top = where.isEmpty() ? "" : where.split("\\.")[0];
                throw SpectroganException.inFile(file, (where.isEmpty() || msg.startsWith(top) ? "" : where + ": ") + msg, e);
            }
            String rel = pathOf(e, false);
            String where = join(section, rel);
            JsonNode bad = at(node, e);
            Class<?> target = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi ? mi.getTargetType() : null;
            String expected = target == null ? "another type" : expected(target);
            throw SpectroganException.inFile(file, (where.isEmpty() ? "" : where + ": ") + "expected " + expected
                    + (bad == null ? " (the key is required)" : ", got " + kind(bad)), e);
        } catch (JsonProcessingException e) {
            throw SpectroganException.inFile(file, (section.isEmpty() ? "" : section + ": ") + e.getOriginalMessage(), e);
        }
    }

    /** An explicit null anywhere under {@code node} is an error naming its key. */
    static void rejectNulls(Path file, JsonNode node, String path) {
        if (node == null) {
            return;
        }
        if (node.isNull()) {
            throw SpectroganException.inFile(file, (path.isEmpty() ? "the file" : "'" + path + "'")
                    + " is null; leave the key out for its default or give a value");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                rejectNulls(file, e.getValue(), join(path, e.getKey()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rejectNulls(file, node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static String expected(Class<?> t) {
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class || t == short.class) {
            return "an integer";
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            return "a number";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (t == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(t) || t.isArray()) {
            return "a list [...]";
        }
        if (Map.class.isAssignableFrom(t) || t.isRecord()) {
            return "an object {...}";
        }
        return "a " + t.getSimpleName();
    }

    /** How a JSON value reads in an error: its kind and (quoted, at most ~80 characters) its text. */
    public static String kind(JsonNode n) {
        String text = n.toString();
        String quoted = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        if (n.isTextual()) {
            return "the string " + quoted;
        }
        if (n.isIntegralNumber()) {
            return "the integer " + quoted;
        }
        if (n.isNumber()) {
            return "the number " + quoted + (n.isFloatingPointNumber() ? " (a fraction)" : "");
        }
        if (n.isBoolean()) {
            return quoted;
        }
        if (n.isArray()) {
            return "a list " + quoted;
        }
        if (n.isObject()) {
            return "an object " + quoted;
        }
        return quoted;
    }

    private static JsonNode at(JsonNode root, JsonMappingException e) {
        JsonNode n = root;
        for (JsonMappingException.Reference r : e.getPath()) {
            if (n == null) {
                return null;
            }
            n = r.getFieldName() != null ? n.get(r.getFieldName()) : r.getIndex() >= 0 ? n.get(r.getIndex()) : n;
        }
        return n;
    }

    private static String pathOf(JsonMappingException e, boolean dropLast) {
        StringBuilder sb = new StringBuilder();
        List<JsonMappingException.Reference> refs = new ArrayList<>(e.getPath());
        if (dropLast && !refs.isEmpty()) {
            refs.remove(refs.size() - 1);
        }
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : b.startsWith("[") ? a + b : a + "." + b;
    }
}
