package matcher

import "text/template/parse"

// reasonUse says what of rules.ReasonData a rule's reason template reads,
// so that evaluate builds only that.
type reasonUse struct {
	// sides: the template reads Left or Right, so each match needs the
	// records' display maps.
	sides bool
	// perMatch: the template reads more than Evidence (or the analysis
	// cannot tell), so each match's reason is worked out afresh; else a
	// reason is a function of the pair's outcomes.
	perMatch bool
}

// reasonUses parses the reason template src as text/template does and
// walks it. Whatever the walk cannot follow (the dot passed whole, a
// nested template) counts as reading everything. An empty src reads the
// evidence only: the reason is the evidence.
func reasonUses(src string) reasonUse {
	all := reasonUse{sides: true, perMatch: true}
	if src == "" {
		return reasonUse{}
	}
	t := parse.New("reason")
	t.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(src, "", "", trees); err != nil || len(trees) != 1 || trees["reason"] != t {
		return all
	}
	var u reasonUse
	if !u.walk(t.Root) {
		return all
	}
	return u
}

// walk records the fields of the data that n reads; false means n may
// read the data in a way walk does not follow.
func (u *reasonUse) walk(n parse.Node) bool {
	switch n := n.(type) {
	case nil:
		return true
	case *parse.ListNode:
		if n == nil {
			return true
		}
		for _, c := range n.Nodes {
			if !u.walk(c) {
				return false
			}
		}
		return true
	case *parse.TextNode, *parse.CommentNode, *parse.IdentifierNode, *parse.StringNode,
		*parse.NumberNode, *parse.BoolNode, *parse.NilNode, *parse.BreakNode, *parse.ContinueNode:
		return true
	case *parse.ActionNode:
		return u.walk(n.Pipe)
	case *parse.PipeNode:
		if n == nil {
			return true
		}
		for _, c := range n.Cmds {
			if !u.walk(c) {
				return false
			}
		}
		return true
	case *parse.CommandNode:
		for _, a := range n.Args {
			if !u.walk(a) {
				return false
			}
		}
		return true
	case *parse.FieldNode:
		u.field(n.Ident[0])
		return true
	case *parse.ChainNode:
		return u.walk(n.Node)
	case *parse.VariableNode:
		// $ is the data itself; other variables hold what their
		// declarations read, walked there.
		if n.Ident[0] != "$" {
			return true
		}
		if len(n.Ident) < 2 {
			return false
		}
		u.field(n.Ident[1])
		return true
	case *parse.IfNode:
		return u.walk(n.Pipe) && u.walk(n.List) && u.walk(n.ElseList)
	case *parse.RangeNode:
		return u.walk(n.Pipe) && u.walk(n.List) && u.walk(n.ElseList)
	case *parse.WithNode:
		return u.walk(n.Pipe) && u.walk(n.List) && u.walk(n.ElseList)
	}
	// The dot passed whole, a nested template, a node type added later.
	return false
}

func (u *reasonUse) field(name string) {
	switch name {
	case "Evidence":
	case "Left", "Right":
		u.sides, u.perMatch = true, true
	default:
		u.perMatch = true
	}
}
