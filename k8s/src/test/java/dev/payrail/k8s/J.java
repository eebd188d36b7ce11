package dev.payrail.k8s;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-tolerant navigation in a manifest's JSON tree: a missing step yields null or an empty collection. */
final class J {
    private J() {
    }

    static JsonElement at(JsonElement root, String... path) {
        JsonElement current = root;
        for (String step : path) {
            if (current == null || !current.isJsonObject()) {
                return null;
            }
            current = current.getAsJsonObject().get(step);
        }
        return current == null || current.isJsonNull() ? null : current;
    }

    static JsonObject obj(JsonElement root, String... path) {
        JsonElement e = at(root, path);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    static String str(JsonElement root, String... path) {
        JsonElement e = at(root, path);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    static Boolean bool(JsonElement root, String... path) {
        JsonElement e = at(root, path);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() ? e.getAsBoolean() : null;
    }

    static Long number(JsonElement root, String... path) {
        JsonElement e = at(root, path);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsLong() : null;
    }

    static List<JsonObject> objects(JsonElement root, String... path) {
        JsonElement e = at(root, path);
        List<JsonObject> result = new ArrayList<>();
        if (e != null && e.isJsonArray()) {
            for (JsonElement item : e.getAsJsonArray()) {
                if (item.isJsonObject()) {
                    result.add(item.getAsJsonObject());
                }
            }
        }
        return result;
    }

    static List<String> strings(JsonElement root, String... path) {
        JsonElement e = at(root, path);
        List<String> result = new ArrayList<>();
        if (e != null && e.isJsonArray()) {
            for (JsonElement item : e.getAsJsonArray()) {
                result.add(item.isJsonPrimitive() ? item.getAsString() : item.toString());
            }
        }
        return result;
    }

    static Map<String, String> stringMap(JsonElement root, String... path) {
        JsonObject o = obj(root, path);
        Map<String, String> result = new LinkedHashMap<>();
        if (o != null) {
            o.entrySet().forEach(entry -> result.put(entry.getKey(),
                    entry.getValue().isJsonPrimitive() ? entry.getValue().getAsString() : entry.getValue().toString()));
        }
        return result;
    }

    static boolean isEmptyArrayOrAbsent(JsonElement root, String... path) {
        JsonElement e = at(root, path);
        return e == null || (e instanceof JsonArray a && a.isEmpty());
    }
}
