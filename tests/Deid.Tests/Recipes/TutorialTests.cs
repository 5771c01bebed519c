using System.IO;
using System.Linq;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Recipes
{
    /// <summary>The recipe examples of deid's tutorial (../shared/seed/deid-recipe-tutorial.txt), with the parse deid prints for them.</summary>
    public class TutorialTests
    {
        private static DeidRecipe Conformance(string name) => new RecipeParser().ParseFile(Path.Combine(TestPaths.ConformanceRecipes, name)).Recipe;

        private static string[] Show(System.Collections.Generic.IEnumerable<HeaderAction> actions) => actions.Select(a => a.ToString()).ToArray();

        [Fact]
        public void DefaultRecipe_Format()
        {
            Assert.Equal("dicom", Conformance("deid-default.dicom").Format);
        }

        [Fact]
        public void DefaultRecipe_FilterGroupNames()
        {
            Assert.Equal(new[] { "whitelist", "graylist", "blacklist" }, Conformance("deid-default.dicom").Filters.Select(g => g.Name));
        }

        [Fact]
        public void GetActions_ByAction()
        {
            // recipe.get_actions(action='ADD') on deid 0.4.12's default recipe
            var adds = Conformance("deid-default.dicom").GetActions(action: "ADD");
            Assert.Equal(new[]
            {
                "ADD IssuerOfPatientID STARR",
                "ADD PatientBirthDate var:entity_timestamp",
                "ADD StudyDate var:item_timestamp",
                "ADD PatientID var:entity_id",
                "ADD AccessionNumber var:item_id",
                "ADD PatientIdentityRemoved YES",
            }, Show(adds));
        }

        [Fact]
        public void GetActions_ByField()
        {
            // recipe.get_actions(field='PatientID')
            var recipe = Conformance("deid-default.dicom");
            Assert.Equal(new[] { "REMOVE PatientID", "ADD PatientID var:entity_id" }, Show(recipe.GetActions(field: "PatientID")));
            // and logically, both: recipe.get_actions(field='PatientID', action="REMOVE")
            Assert.Equal(new[] { "REMOVE PatientID" }, Show(recipe.GetActions(action: "REMOVE", field: "PatientID")));
            // deid upper-cases both sides
            Assert.Equal(new[] { "REMOVE PatientID" }, Show(recipe.GetActions(action: "remove", field: "patientid")));
        }

        [Fact]
        public void CookieRecipe_Actions()
        {
            var recipe = Conformance("tutorial-cookie.dicom");
            Assert.Equal(new[] { "ADD PatientIdentityRemoved YES", "REPLACE PatientID var:id", "REPLACE SOPInstanceUID var:source_id" }, Show(recipe.Header));
            Assert.Equal(ActionValueKind.Variable, recipe.Header[1].Value!.Kind);
            Assert.Equal("id", recipe.Header[1].Value!.Name);
            Assert.Equal(new[] { "dangerouscookie", "bigimage" }, recipe.Filters.Select(g => g.Name));

            var cookie = recipe.Filters[0].Labels.Single();
            Assert.Equal("Criteria for Dangerous Cookie", cookie.Name);
            Assert.Equal(2, cookie.Criteria.Count);
            Assert.Equal("contains PatientSex M", cookie.Criteria[0].ToString());
            Assert.Equal(FilterOperator.And, cookie.Criteria[1].Operator);
            Assert.Equal(FilterPredicate.NotEquals, cookie.Criteria[1].Tests[0].Predicate);
            Assert.Equal("OperatorsName", cookie.Criteria[1].Tests[0].Field.Text);
            Assert.Equal("bold bread", cookie.Criteria[1].Tests[0].Value);
            var box = cookie.Coordinates.Single();
            Assert.Equal((0, 0, 512, 110), (box.XMin, box.YMin, box.XMax, box.YMax));
            Assert.False(box.Keep);
        }

        [Fact]
        public void GroupsRecipe_ListsAsDeidPrintsThem()
        {
            var recipe = Conformance("groups.dicom");
            // recipe.get_fields_lists(): OrderedDict([('instance_fields', [{'action': 'FIELD', 'field': 'contains:Instance'}])])
            var fields = Assert.Single(recipe.Fields);
            Assert.Equal("instance_fields", fields.Name);
            Assert.Equal(new[] { "FIELD contains:Instance" }, fields.Actions.Select(a => a.ToString()));

            // recipe.get_values_lists(): cookie_names [SPLIT PatientID by="^";minlength=4], operator_names [FIELD startswith:Operator]
            Assert.Equal(new[] { "cookie_names", "operator_names" }, recipe.Values.Select(g => g.Name));
            var split = Assert.Single(recipe.GetValuesGroup("cookie_names")!.Actions);
            Assert.Equal(GroupActionKind.Split, split.Action);
            Assert.Equal("PatientID", split.Field.Text);
            Assert.Equal("by=\"^\";minlength=4", split.Value);
            Assert.Equal("^", split.Split!.By);
            Assert.Equal(4, split.Split.MinLength);
            Assert.Equal(new[] { "FIELD startswith:Operator" }, recipe.GetValuesGroup("operator_names")!.Actions.Select(a => a.ToString()));

            Assert.Equal(new[]
            {
                "ADD PatientIdentityRemoved YES",
                "REPLACE values:cookie_names var:id",
                "REPLACE values:operator_names var:source_id",
                "REMOVE fields:instance_fields",
            }, Show(recipe.Header));
        }

        [Fact]
        public void TutorialGroupsExample_AsPrinted_LacksHeaderAndIsRejected()
        {
            // The tutorial's inline recipe lost its "%header" line: its ADD follows "%fields instance_fields", which deid cannot load.
            string text = "FORMAT dicom\n\n%values cookie_names\nSPLIT PatientID by=\" \";minlength=3\n\n%values operator_names\nFIELD startswith:Operator\n\n"
                + "%fields instance_fields\nFIELD contains:Instance\n\n\nADD PatientIdentityRemoved YES\nREPLACE values:cookie_names var:id\n";
            var ex = Assert.Throws<RecipeException>(() => DeidRecipe.Parse(text, "tutorial"));
            Assert.Equal(13, ex.Line);
            Assert.Equal(1, ex.Column);
            Assert.Contains("expected FIELD in a %fields section; ADD is a header action and belongs under %header", ex.Message);

            var fixedRecipe = DeidRecipe.Parse(text.Replace("\n\n\nADD", "\n\n%header\nADD"));
            var cookie = fixedRecipe.GetValuesGroup("cookie_names")!.Actions.Single();
            Assert.Equal(" ", cookie.Split!.By);
            Assert.Equal(3, cookie.Split.MinLength);
        }
    }
}
