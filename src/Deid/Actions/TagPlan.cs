using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Collections;
using Deid.Fields;

namespace Deid.Actions
{
    /// <summary>
    /// A list of field specs (a recipe's header lines, the fields its REPLACE and JITTER lines spare from REMOVE) compiled once for
    /// every file: which of them can select anything in a file is found from the file's distinct tags, not by asking each spec.
    /// A spec that names its elements by tag alone (<see cref="FieldList.SelectsByTag"/>) selects nothing in a file that lists
    /// none of those tags, and <c>select:GROUP:gggg</c> nothing in a file with no element of the group; every other spec (a
    /// pattern, another expander, a %values or %fields group, a name no tag stands for) is always asked.
    /// </summary>
    /// <remarks>
    /// Why: the shipped recipes hold a line for every row of PS3.15 Table E.1-1 and more (929 header lines in <c>dicom</c>), and
    /// a small file holds a few dozen of those attributes. Asking the listing once per line and file (a lookup that finds nothing, for
    /// nearly every line) was a large part of the engine's time on small files; the file's own tags are a hundred or so.
    /// </remarks>
    internal sealed class TagPlan
    {
        private readonly UInt32Map<int[]> _byTag;
        private readonly UInt32Map<int[]> _byGroup;
        private readonly bool[] _always;

        /// <summary>Compiles <paramref name="specs"/>; a null spec is always asked (an ADD, say, which selects nothing before it runs).</summary>
        public TagPlan(IReadOnlyList<FieldSpec?> specs)
        {
            _always = new bool[specs.Count];
            var tags = new UInt32Map<List<int>>();
            var groups = new UInt32Map<List<int>>();
            for (int i = 0; i < specs.Count; i++)
            {
                var spec = specs[i];
                if (spec != null && FieldList.SelectsByTag(spec))
                {
                    foreach (uint tag in spec.ExactTags!) Add(tags, tag, i);
                }
                else if (spec != null && spec.Kind == FieldSpecKind.Select && spec.SelectAttribute == "GROUP")
                {
                    // select:GROUP:gggg (the shipped recipes' overlay groups 6000-601E) selects the elements of that group; a
                    // number that is no group selects nothing, so it is asked in no file.
                    if (spec.SelectGroup is ushort group) Add(groups, group, i);
                }
                else
                {
                    _always[i] = true;
                }
            }
            _byTag = Compile(tags);
            _byGroup = Compile(groups);
        }

        private static void Add(UInt32Map<List<int>> lists, uint key, int index)
        {
            if (!lists.TryGetValue(key, out var list))
            {
                list = new List<int>(1);
                lists.TryAdd(key, list);
            }
            list.Add(index);
        }

        private static UInt32Map<int[]> Compile(UInt32Map<List<int>> lists)
        {
            var compiled = new UInt32Map<int[]>(lists.Count);
            for (int k = 0; k < lists.Count; k++)
            {
                uint key = lists.KeyAt(k);
                lists.TryGetValue(key, out var list);
                compiled.TryAdd(key, list.ToArray());
            }
            return compiled;
        }

        /// <summary>Number of specs compiled.</summary>
        public int Count => _always.Length;

        /// <summary>
        /// By spec index, whether the spec may select something among <paramref name="fields"/>: true for every spec always
        /// asked and for each spec naming a tag or group listed (removed fields' tags included, which only asks a few specs more).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public bool[] Mark(FieldList fields)
        {
            var marks = (bool[])_always.Clone();
            int tags = fields.TagCount;
            bool groups = _byGroup.Count > 0;
            for (int t = 0; t < tags; t++)
            {
                uint tag = fields.TagAt(t);
                if (_byTag.TryGetValue(tag, out var indices)) Mark(marks, indices);
                if (groups && _byGroup.TryGetValue(tag >> 16, out indices)) Mark(marks, indices);
            }
            return marks;
        }

        [MethodImpl(HotPath.Optimized)]
        private static void Mark(bool[] marks, int[] indices)
        {
            for (int k = 0; k < indices.Length; k++) marks[indices[k]] = true;
        }
    }
}
