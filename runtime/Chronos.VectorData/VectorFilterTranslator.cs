using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json.Nodes;
using Chronos.Storage.Vectors;

namespace Chronos.VectorData;

/// <summary>
/// Translates the LINQ filter subset MEVD providers support into Chronos's filter model (<see cref="VectorFilter"/>):
/// <c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> between a data property and a value,
/// <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>, a bool property on its own, <c>r.Tags.Contains(v)</c> (array property) and
/// <c>values.Contains(r.Tag)</c> (IN). Anything else is refused with <see cref="VectorCapabilityNotSupportedException"/>
/// naming the construct and the backend, before any request. Values (constants and captured variables) are read from
/// the tree; nothing is compiled.
/// </summary>
internal static class VectorFilterTranslator
{
    public static VectorFilter Translate<TRecord>(LambdaExpression filter, IReadOnlyList<VectorRecordProperty> properties, string backend, string collection)
    {
        var parameter = filter.Parameters[0];
        return new Visitor(parameter, properties, backend, collection).Predicate(filter.Body);
    }

    private sealed class Visitor(ParameterExpression parameter, IReadOnlyList<VectorRecordProperty> properties, string backend, string collection)
    {
        public VectorFilter Predicate(Expression node)
        {
            switch (node.NodeType)
            {
                case ExpressionType.AndAlso:
                    var and = (BinaryExpression)node;
                    return new VectorFilterAnd(Predicate(and.Left), Predicate(and.Right));
                case ExpressionType.OrElse:
                    var or = (BinaryExpression)node;
                    return new VectorFilterOr(Predicate(or.Left), Predicate(or.Right));
                case ExpressionType.Not:
                    return new VectorFilterNot(Predicate(((UnaryExpression)node).Operand));
                case ExpressionType.Equal:
                case ExpressionType.NotEqual:
                case ExpressionType.LessThan:
                case ExpressionType.LessThanOrEqual:
                case ExpressionType.GreaterThan:
                case ExpressionType.GreaterThanOrEqual:
                    return Comparison((BinaryExpression)node);
                case ExpressionType.Call:
                    return Contains((MethodCallExpression)node);
                case ExpressionType.Convert:
                    return Predicate(((UnaryExpression)node).Operand);
                case ExpressionType.Constant when node.Type == typeof(bool):
                    throw Refuse(node, "a constant true/false as a whole filter (omit the filter instead)");
            }
            if (node.Type == typeof(bool) && TryField(node, out var flag))
            {
                return new VectorFilterComparison(flag.StorageName, VectorFilterOperator.Equal, JsonValue.Create(true));
            }
            throw Refuse(node, null);
        }

        private VectorFilter Comparison(BinaryExpression node)
        {
            var op = node.NodeType switch
            {
                ExpressionType.Equal => VectorFilterOperator.Equal,
                ExpressionType.NotEqual => VectorFilterOperator.NotEqual,
                ExpressionType.LessThan => VectorFilterOperator.LessThan,
                ExpressionType.LessThanOrEqual => VectorFilterOperator.LessThanOrEqual,
                ExpressionType.GreaterThan => VectorFilterOperator.GreaterThan,
                _ => VectorFilterOperator.GreaterThanOrEqual,
            };
            if (TryField(node.Left, out var field) && TryValue(node.Right, out var value))
            {
                return Compare(node, field, op, value);
            }
            if (TryField(node.Right, out field) && TryValue(node.Left, out value))
            {
                var flipped = op switch
                {
                    VectorFilterOperator.LessThan => VectorFilterOperator.GreaterThan,
                    VectorFilterOperator.LessThanOrEqual => VectorFilterOperator.GreaterThanOrEqual,
                    VectorFilterOperator.GreaterThan => VectorFilterOperator.LessThan,
                    VectorFilterOperator.GreaterThanOrEqual => VectorFilterOperator.LessThanOrEqual,
                    _ => op,
                };
                return Compare(node, field, flipped, value);
            }
            throw Refuse(node, "a comparison must have a data property of the record on one side and a value on the other");
        }

        private VectorFilter Compare(Expression node, VectorRecordProperty field, VectorFilterOperator op, object? value)
        {
            var json = Scalar(node, value);
            if (json is null && op is not (VectorFilterOperator.Equal or VectorFilterOperator.NotEqual))
            {
                throw Refuse(node, "an order comparison with null");
            }
            if (op is not (VectorFilterOperator.Equal or VectorFilterOperator.NotEqual) && value is not (int or long or short or float or double or decimal or byte))
            {
                throw Refuse(node, "an order comparison (<, <=, >, >=) on a non-number");
            }
            return new VectorFilterComparison(field.StorageName, op, json);
        }

        private VectorFilter Contains(MethodCallExpression call)
        {
            if (call.Method.Name != nameof(Enumerable.Contains))
            {
                throw Refuse(call, $"the method {call.Method.DeclaringType?.Name}.{call.Method.Name}");
            }
            Expression source, item;
            if (call.Object is not null && call.Arguments.Count == 1)
            {
                (source, item) = (call.Object, call.Arguments[0]);
            }
            else if (call.Object is null && call.Arguments.Count is 2 or 3 && (call.Arguments.Count == 2 || IsNull(call.Arguments[2])))
            {
                (source, item) = (call.Arguments[0], call.Arguments[1]);
            }
            else
            {
                throw Refuse(call, "this Contains overload");
            }
            source = Unspan(source);
            if (TryField(source, out var field))
            {
                if (!field.IsCollection)
                {
                    throw Refuse(call, $"Contains on '{field.Name}', which is not an array or list property");
                }
                if (!TryValue(item, out var value) || Scalar(call, value) is not JsonValue json)
                {
                    throw Refuse(call, "Contains on a property with a non-constant or null value");
                }
                return new VectorFilterContains(field.StorageName, json);
            }
            if (TryField(item, out field) && TryValue(source, out var values) && values is IEnumerable list and not string)
            {
                var items = new List<JsonValue>();
                foreach (var value in list)
                {
                    items.Add(Scalar(call, value) as JsonValue ?? throw Refuse(call, "null inside the value list of Contains"));
                }
                return new VectorFilterIn(field.StorageName, items);
            }
            throw Refuse(call, "Contains must be 'record.ArrayProperty.Contains(value)' or 'values.Contains(record.Property)'");
        }

        // C# 14 binds array.Contains(x) to MemoryExtensions.Contains(ReadOnlySpan<T>, T): look through the implicit span conversion.
        private static Expression Unspan(Expression source) =>
            source is MethodCallExpression { Method.Name: "op_Implicit", Arguments.Count: 1 } conversion ? conversion.Arguments[0] : source;

        private static bool IsNull(Expression node) => node is ConstantExpression { Value: null };

        private bool TryField(Expression node, out VectorRecordProperty field)
        {
            while (node.NodeType is ExpressionType.Convert or ExpressionType.ConvertChecked)
            {
                node = ((UnaryExpression)node).Operand;
            }
            var name = node switch
            {
                MemberExpression member when member.Expression == parameter => member.Member.Name,
                MethodCallExpression { Method.Name: "get_Item", Arguments: [ConstantExpression { Value: string key }] } indexer when indexer.Object == parameter => key,
                _ => null,
            };
            field = null!;
            if (name is null)
            {
                return false;
            }
            var found = properties.FirstOrDefault(p => p.Name == name);
            if (found is null)
            {
                throw Refuse(node, $"'{name}', which is not a property of the record's definition");
            }
            if (found.Role != VectorRecordPropertyRole.Data)
            {
                throw Refuse(node, $"a filter on the {found.Role.ToString().ToLowerInvariant()} property '{name}' (only data properties are stored as filterable metadata)");
            }
            field = found;
            return true;
        }

        // A value: a constant, a captured variable or member chain ending in a constant, a conversion or a new array of those.
        private static bool TryValue(Expression node, out object? value)
        {
            switch (node)
            {
                case ConstantExpression constant:
                    value = constant.Value;
                    return true;
                case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert:
                    return TryValue(convert.Operand, out value);
                case MemberExpression member when member.Expression is null || TryValue(member.Expression, out _):
                    object? target = null;
                    if (member.Expression is not null)
                    {
                        TryValue(member.Expression, out target);
                    }
                    value = member.Member switch
                    {
                        FieldInfo field => field.GetValue(target),
                        PropertyInfo property => property.GetValue(target),
                        _ => null,
                    };
                    return member.Member is FieldInfo or PropertyInfo;
                case NewArrayExpression { NodeType: ExpressionType.NewArrayInit } array:
                    var items = new object?[array.Expressions.Count];
                    for (var i = 0; i < items.Length; i++)
                    {
                        if (!TryValue(array.Expressions[i], out items[i]))
                        {
                            value = null;
                            return false;
                        }
                    }
                    value = items;
                    return true;
                default:
                    value = null;
                    return false;
            }
        }

        private JsonValue? Scalar(Expression node, object? value)
        {
            if (value is byte b)
            {
                value = (int)b;
            }
            if (value is not null && (value is IEnumerable and not string || value.GetType().IsEnum))
            {
                throw Refuse(node, $"a value of type {value.GetType().Name}");
            }
            try
            {
                return (JsonValue?)VectorRecordJson.ToNode(value);
            }
            catch (NotSupportedException)
            {
                throw Refuse(node, $"a value of type {value!.GetType().Name}");
            }
        }

        private VectorCapabilityNotSupportedException Refuse(Expression node, string? why) =>
            new(backend, collection, $"the filter construct '{node}'{(why is null ? "" : $" ({why})")}",
                "Filters support ==, !=, <, <=, >, >= between a data property and a value, &&, ||, !, a bool property, " +
                "record.ArrayProperty.Contains(value) and values.Contains(record.Property).");
    }
}
