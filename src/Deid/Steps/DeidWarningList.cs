using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Deid.Steps
{
    /// <summary>
    /// A file's warnings as the result carries them: a read-only list that prints as its messages, one per line, so that
    /// <c>Export-Csv</c> and string conversion give the text instead of a type name.
    /// </summary>
    internal sealed class DeidWarningList : ReadOnlyCollection<DeidWarning>
    {
        public DeidWarningList(IEnumerable<DeidWarning> warnings)
            : base(new List<DeidWarning>(warnings))
        {
        }

        /// <summary>Removes the warnings <paramref name="match"/> picks.</summary>
        internal void RemoveAll(System.Predicate<DeidWarning> match) => ((List<DeidWarning>)Items).RemoveAll(match);

        /// <summary>The messages, one per line.</summary>
        public override string ToString()
        {
            var lines = new string[Count];
            for (int i = 0; i < Count; i++) lines[i] = this[i].ToString();
            return string.Join("\n", lines);
        }
    }
}
