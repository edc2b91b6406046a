package task

import (
	"errors"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/settings"
)

func TestTextErrorsAreTyped(t *testing.T) {
	for text, fault := range map[string]TextFault{
		"\xff\xfe": TextNotUTF8, "a\x00b": TextHasNUL, "a": TextTooShort, "aaaa": TextOneSymbol,
		manySymbols(MaxAlphabet + 1): TextTooManySymbols, strings.Repeat("ab", MaxTextLen): TextTooLong,
	} {
		_, err := TextAlphabet(text)
		var te *TextError
		if !errors.As(err, &te) || te.Fault != fault {
			t.Errorf("%.10q: %v, want fault %d", text, err, fault)
			continue
		}
		if te.Binary() != (fault == TextNotUTF8 || fault == TextHasNUL) {
			t.Errorf("%.10q: Binary() = %v", text, te.Binary())
		}
		if !strings.HasPrefix(err.Error(), "task.text: ") || !strings.Contains(te.Reason(), "want") {
			t.Errorf("%.10q: message %q", text, err)
		}
	}
}

func TestSpecErrorsAreFieldErrors(t *testing.T) {
	err := Spec{Kind: Easy, P: 1}.Validate()
	var fe *settings.FieldError
	if !errors.As(err, &fe) || fe.Field != "task.p" || fe.Key != "p" || fe.Fault != settings.OutOfRange {
		t.Fatalf("p=1: %#v", err)
	}
	if want := "task.p: 1 is out of range (want a number in (0, 1))"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if err := (Spec{Kind: "medium"}).Validate(); !errors.As(err, &fe) || fe.Field != "task.kind" || fe.Fault != settings.NotAllowed {
		t.Errorf("kind medium: %v", err)
	}
}
