package webtest

import (
	"encoding/json"

	"github.com/chromedp/chromedp"
)

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func clickID(id string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.ID(id), chromedp.NodeVisible)
}

func navigate(url string) chromedp.Action[chromedp.Void] { return chromedp.Navigate(url) }

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
