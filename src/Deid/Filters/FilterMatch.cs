using System;
using System.Collections.Generic;

namespace Deid.Filters
{
    /// <summary>One flagged label of one file: deid's result entry (group, reason, coordinates) with the label's name.</summary>
    public sealed class FilterMatch
    {
        /// <summary>Creates a match.</summary>
        public FilterMatch(string group, string label, string reason, IReadOnlyList<FilterRegion> coordinates)
        {
            Group = group ?? throw new ArgumentNullException(nameof(group));
            Label = label ?? throw new ArgumentNullException(nameof(label));
            Reason = reason ?? throw new ArgumentNullException(nameof(reason));
            Coordinates = coordinates ?? throw new ArgumentNullException(nameof(coordinates));
        }

        /// <summary>The filter group (whitelist, graylist, blacklist or any other name).</summary>
        public string Group { get; }

        /// <summary>The label name, without the word LABEL.</summary>
        public string Label { get; }

        /// <summary>The criteria as deid prints them: <c>" ImageType missing  or ImageType empty "</c>.</summary>
        public string Reason { get; }

        /// <summary>The label's regions, resolved for this file, in order.</summary>
        public IReadOnlyList<FilterRegion> Coordinates { get; }

        /// <summary>"graylist: LABEL".</summary>
        public override string ToString() => Group + ": " + Label;
    }
}
