using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Deid.Dicom;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Architecture
{
    /// <summary>
    /// docs/architecture.md lists the public types of Deid.Dicom and Deid; this fails when a type becomes public (or stops being)
    /// without the list saying so, so the public surface only grows on purpose. The failure message is the list to paste.
    /// </summary>
    public class ApiSurfaceTests
    {
        private const string Begin = "<!-- public-api:begin -->";
        private const string End = "<!-- public-api:end -->";

        [Fact]
        public void ArchitectureDocumentListsEveryPublicType()
        {
            string expected = Describe(typeof(DicomFile).Assembly) + Describe(typeof(DeidRecipe).Assembly);
            string doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "architecture.md")).Replace("\r\n", "\n");
            int start = doc.IndexOf(Begin, StringComparison.Ordinal), end = doc.IndexOf(End, StringComparison.Ordinal);
            Assert.True(start >= 0 && end > start, "docs/architecture.md has no public-api markers");
            string actual = doc.Substring(start + Begin.Length, end - start - Begin.Length).Trim('\n') + "\n";
            Assert.True(expected == actual, "docs/architecture.md's public API list is out of date; between the markers it should read:\n" + expected);
        }

        [Fact]
        public void EngineInternalsStayInternal()
        {
            // The helpers the issue named as engine-only: reachable from tests, not from users' scripts.
            foreach (var name in new[] { "Deid.Actions.ValueSetter", "Deid.Actions.DateJitter", "Deid.Identifiers.GroupExtractor", "Deid.Fields.FieldMatcher", "Deid.Fields.FieldCandidate", "Deid.Actions.HeaderActionRun", "Deid.Actions.ValueResolver" })
            {
                var type = typeof(DeidRecipe).Assembly.GetType(name, throwOnError: true)!;
                Assert.False(type.IsPublic, name + " is public");
            }
            Assert.False(typeof(DicomFile).Assembly.GetType("Deid.Dicom.DicomValueDecoder", throwOnError: true)!.IsPublic);
        }

        private static string Describe(Assembly assembly)
        {
            var text = new StringBuilder();
            text.Append("- **").Append(assembly.GetName().Name).Append("**\n");
            foreach (var ns in assembly.GetExportedTypes().GroupBy(t => t.Namespace ?? "").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var names = ns.Select(Name).OrderBy(n => n, StringComparer.Ordinal);
                text.Append("  - `").Append(ns.Key).Append("`: ").Append(string.Join(", ", names)).Append('\n');
            }
            return text.ToString();
        }

        private static string Name(Type t)
        {
            string name = t.Name;
            int tick = name.IndexOf('`');
            if (tick >= 0) name = name.Substring(0, tick) + "<" + string.Join(",", t.GetGenericArguments().Select(a => a.Name)) + ">";
            return t.DeclaringType != null ? Name(t.DeclaringType) + "." + name : name;
        }
    }
}
