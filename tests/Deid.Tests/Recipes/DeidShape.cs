using System.Collections.Generic;
using System.Text.Json.Nodes;
using Deid.Recipes;

namespace Deid.Tests.Recipes
{
    /// <summary>
    /// Our recipe in the shape of deid's parsed dictionary (deid/config/utils.py load_deid), and deid's own dictionary normalised for
    /// the two documented differences that are not semantic: label names keep the LABEL keyword in deid, and values keep the space
    /// that preceded a trailing comment.
    /// </summary>
    internal static class DeidShape
    {
        public static JsonObject Of(DeidRecipe recipe)
        {
            var o = new JsonObject { ["format"] = recipe.Format };
            if (recipe.Header.Count > 0) o["header"] = Actions(recipe.Header);
            if (recipe.Labels.Count > 0) o["labels"] = Actions(recipe.Labels);
            if (recipe.Filters.Count > 0)
            {
                var filters = new JsonObject();
                foreach (var g in recipe.Filters)
                {
                    var labels = new JsonArray();
                    foreach (var l in g.Labels)
                    {
                        var tests = new JsonArray();
                        foreach (var c in l.Criteria)
                        {
                            var actions = new JsonArray();
                            var fields = new JsonArray();
                            var values = new JsonArray();
                            var inner = new JsonArray();
                            foreach (var t in c.Tests)
                            {
                                actions.Add(FilterTest.PredicateName(t.Predicate));
                                fields.Add(t.Field.Text);
                                if (t.Value != null) values.Add(t.Value);
                            }
                            foreach (var op in c.InnerOperators) inner.Add(op == FilterOperator.And ? "and" : "or");
                            tests.Add(new JsonObject
                            {
                                ["InnerOperators"] = inner,
                                ["action"] = actions,
                                ["field"] = fields,
                                ["operator"] = c.Operator == FilterOperator.None ? null : c.Operator == FilterOperator.And ? "and" : "or",
                                ["value"] = values,
                            });
                        }
                        var coords = new JsonArray();
                        foreach (var k in l.Coordinates) coords.Add(new JsonArray(k.Keep ? 1 : 0, k.IsCtp ? k.DeidValue : k.Text));
                        labels.Add(new JsonObject { ["coordinates"] = coords, ["filters"] = tests, ["name"] = l.Name });
                    }
                    filters[g.Name] = labels;
                }
                o["filter"] = filters;
            }
            if (recipe.Values.Count > 0) o["values"] = Groups(recipe.Values, true);
            if (recipe.Fields.Count > 0) o["fields"] = Groups(recipe.Fields, false);
            return o;
        }

        private static JsonArray Actions(IEnumerable<HeaderAction> actions)
        {
            var a = new JsonArray();
            foreach (var x in actions)
            {
                var o = new JsonObject { ["action"] = x.ActionName, ["field"] = x.Field.Text };
                if (x.Value != null) o["value"] = x.Value.Text;
                a.Add(o);
            }
            return a;
        }

        private static JsonObject Groups<T>(IEnumerable<T> groups, bool keepValue) where T : RecipeGroup
        {
            var o = new JsonObject();
            foreach (var g in groups)
            {
                var a = new JsonArray();
                foreach (var x in g.Actions)
                {
                    var item = new JsonObject { ["action"] = x.ActionName, ["field"] = x.Field.Text };
                    if (keepValue && x.Value != null) item["value"] = x.Value;
                    a.Add(item);
                }
                o[g.Name] = a;
            }
            return o;
        }

        /// <summary>deid's dictionary with label names and trailing spaces normalised, empty header/labels lists dropped.</summary>
        public static JsonObject Normalize(JsonObject deid)
        {
            var o = (JsonObject)deid.DeepClone();
            foreach (var key in new[] { "header", "labels" })
            {
                if (o[key] is JsonArray arr)
                {
                    if (arr.Count == 0) o.Remove(key);
                    else foreach (var item in arr) TrimValue((JsonObject)item!);
                }
            }
            foreach (var key in new[] { "values", "fields" })
            {
                if (o[key] is JsonObject groups)
                {
                    foreach (var g in groups) foreach (var item in (JsonArray)g.Value!) TrimValue((JsonObject)item!);
                }
            }
            if (o["filter"] is JsonObject filter)
            {
                foreach (var g in filter)
                {
                    foreach (var label in (JsonArray)g.Value!)
                    {
                        var l = (JsonObject)label!;
                        string name = (string)l["name"]!;
                        if (name.StartsWith("LABEL", System.StringComparison.Ordinal)) name = name.Substring(5).Trim();
                        l["name"] = name;
                    }
                }
            }
            return o;
        }

        /// <summary>JSON text with object keys sorted (deid's dump sorts them), for comparisons with readable differences.</summary>
        public static string Canonical(JsonNode? node) => Sort(node)?.ToJsonString() ?? "null";

        private static JsonNode? Sort(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    var sorted = new JsonObject();
                    var keys = new List<string>();
                    foreach (var kv in o) keys.Add(kv.Key);
                    keys.Sort(System.StringComparer.Ordinal);
                    foreach (var k in keys) sorted[k] = Sort(o[k]);
                    return sorted;
                case JsonArray a:
                    var arr = new JsonArray();
                    foreach (var item in a) arr.Add(Sort(item));
                    return arr;
                default:
                    return node?.DeepClone();
            }
        }

        private static void TrimValue(JsonObject item)
        {
            if (item["value"] is JsonValue v && v.TryGetValue<string>(out var s)) item["value"] = s.TrimEnd();
        }
    }
}
